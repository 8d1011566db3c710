import { describe, expect, test } from 'vitest';
import { expectUnknown, lineWith, load, res } from './helpers.js';

describe('SAM (Transform: AWS::Serverless-2016-10-31)', () => {
  const t = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Tracing: PassThrough            # @gtrace
    Environment:
      Variables:
        STAGE: prod                 # @gstage
    Layers: [arn:layer:common]
  Api:
    TracingEnabled: false           # @apitrace
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/
      Environment:
        Variables:
          API_KEY: abc              # @key
      Layers: [arn:layer:own]
      FunctionUrlConfig:
        AuthType: NONE              # @url
  Own:
    Type: AWS::Serverless::Function
    Properties:
      Handler: b.handler
      Runtime: nodejs20.x           # @runtime
      Tracing: Active
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Table:
    Type: AWS::Serverless::SimpleTable
    Properties:
      SSESpecification:
        SSEEnabled: false           # @sse
`;

  test('Globals merge into each function: scalars inherited or overridden, maps merged, lists appended', () => {
    const l = load(t);
    const fn = res(l, 'Fn');
    expect(fn.type).toBe('aws_lambda_function');
    expect(fn.originalType).toBe('AWS::Serverless::Function');
    expect(fn.attrs).toEqual({
      runtime: 'python3.12',
      handler: 'app.handler',
      layers: ['arn:layer:common', 'arn:layer:own'],
      environment: [{ variables: { STAGE: 'prod', API_KEY: 'abc' } }],
      tracing_config: [{ mode: 'PassThrough' }],
    });
    expect(fn.lines.get('tracing_config.0.mode')).toBe(lineWith(t, '@gtrace'));
    expect(fn.lines.get('environment.0.variables.STAGE')).toBe(lineWith(t, '@gstage'));
    expect(fn.lines.get('environment.0.variables.API_KEY')).toBe(lineWith(t, '@key'));
    const url = res(l, 'Fn.Url');
    expect(url.type).toBe('aws_lambda_function_url');
    expect(url.attrs['authorization_type']).toBe('NONE');
    expectUnknown(url.attrs['function_name'], ['Fn']);
    expect(url.lines.get('authorization_type')).toBe(lineWith(t, '@url'));

    const own = res(l, 'Own');
    expect(own.attrs['runtime']).toBe('nodejs20.x');
    expect(own.lines.get('runtime')).toBe(lineWith(t, '@runtime'));
    expect(own.attrs['tracing_config']).toEqual([{ mode: 'Active' }]);
  });

  test('Serverless Api and SimpleTable', () => {
    const l = load(t);
    const api = res(l, 'Api');
    expect(api.type).toBe('aws_api_gateway_stage');
    expect(api.attrs).toEqual({ stage_name: 'prod', xray_tracing_enabled: false });
    expect(api.lines.get('xray_tracing_enabled')).toBe(lineWith(t, '@apitrace'));
    const table = res(l, 'Table');
    expect(table.type).toBe('aws_dynamodb_table');
    expect(table.attrs).toEqual({ server_side_encryption: [{ enabled: false }] });
    expect(table.lines.get('server_side_encryption.0.enabled')).toBe(lineWith(t, '@sse'));
  });

  test('Globals never apply to plain CloudFormation types', () => {
    const r = res(load(`Globals:\n  Function:\n    Runtime: python3.12\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: h\n`), 'F');
    expect(r.attrs).toEqual({ handler: 'h' });
  });
});
