import { describe, expect, test } from 'vitest';
import { expectUnknown, lineWith, load, res } from './helpers.js';

describe('Fn::ForEach (AWS::LanguageExtensions)', () => {
  test('expands one resource per item, substituting ${Id}, &{Id} and Ref Id', () => {
    const t = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  Names:
    Type: CommaDelimitedList
    Default: "logs,data-lake"
Resources:
  Fn::ForEach::Buckets:
    - Name
    - !Ref Names
    - Bucket&{Name}:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: !Sub "acme-\${Name}"
          Tags:
            - Key: purpose
              Value: !Ref Name
          AccessControl: PublicRead     # @acl
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucketlogs
      PolicyDocument: {}
`;
    const l = load(t);
    const logs = res(l, 'Bucketlogs');
    expect(logs.type).toBe('aws_s3_bucket');
    expect(logs.attrs).toEqual({ bucket: 'acme-logs', acl: 'public-read', tags: { purpose: 'logs' } });
    expect(logs.lines.get('acl')).toBe(lineWith(t, '@acl'));
    expect(res(l, 'Bucketdatalake').attrs['bucket']).toBe('acme-data-lake');
    expect(res(l, 'Policy').refs.get('bucket')).toEqual(['Bucketlogs']);
  });

  test('an unknown collection is recorded as unresolved, not expanded', () => {
    const t = `Parameters:
  Names:
    Type: CommaDelimitedList
Resources:
  Fn::ForEach::Queues:
    - Name
    - !Ref Names
    - Queue\${Name}:
        Type: AWS::SQS::Queue
`;
    const l = load(t);
    expect(l.resources).toEqual([]);
    expect(l.unresolved.map((u) => u.what)).toEqual(['Parameters.Names', 'Resources.Fn::ForEach::Queues']);
  });

  test('nested loops', () => {
    const t = `Resources:
  Fn::ForEach::Envs:
    - Env
    - [dev, prod]
    - Fn::ForEach::Apps:
        - App
        - [web, api]
        - \${Env}\${App}Log:
            Type: AWS::Logs::LogGroup
            Properties:
              LogGroupName: !Sub "/\${Env}/\${App}"
              KmsKeyId: !GetAtt Key.Arn
  Key:
    Type: AWS::KMS::Key
`;
    const l = load(t);
    expect(l.resources.map((r) => r.address).sort()).toEqual(['Key', 'devapiLog', 'devwebLog', 'prodapiLog', 'prodwebLog']);
    const r = res(l, 'prodapiLog');
    expect(r.attrs['name']).toBe('/prod/api');
    expectUnknown(r.attrs['kms_key_id'], ['Key']);
  });

  test('nested loops stop at the expansion budget with a warning instead of exhausting memory', () => {
    const items = Array.from({ length: 300 }, (_, i) => `i${i}`).join(',');
    const t = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  L:
    Type: CommaDelimitedList
    Default: "${items}"
Resources:
  Fn::ForEach::A:
    - X
    - !Ref L
    - Fn::ForEach::B:
        - Y
        - !Ref L
        - Fn::ForEach::C:
            - Z
            - !Ref L
            - T&{X}&{Y}&{Z}:
                Type: AWS::SNS::Topic
`;
    const started = Date.now();
    const l = load(t);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(l.resources.length).toBeLessThanOrEqual(10_000);
    expect(l.resources.length).toBeGreaterThan(1000);
    expect(l.unresolved.some((u) => /more than 10000 resources/.test(u.reason))).toBe(true);
  });
});
