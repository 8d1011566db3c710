import { describe, expect, test } from 'vitest';
import { expectUnknown, lineWith, load, res } from './helpers.js';

/** Evaluates `props` (YAML at indent 6) on a raw resource, with optional top-level sections. */
function evalProps(props: string, sections = ''): Record<string, unknown> {
  const t = `AWSTemplateFormatVersion: "2010-09-09"
${sections}Resources:
  Other:
    Type: AWS::Test::Other
  T:
    Type: AWS::Test::Thing
    Properties:
${props}`;
  return res(load(t), 'T').attrs;
}

const PARAMS = `Parameters:
  Env:
    Type: String
    Default: prod
    AllowedValues: [prod, dev]
  Secret:
    Type: String
    NoEcho: true
  Subnets:
    Type: CommaDelimitedList
    Default: "a, b,c"
  Ami:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
  Port:
    Type: Number
    Default: 22
`;

describe('parameters', () => {
  test('a default is the value; no default is Unknown and recorded as unresolved', () => {
    const t = `${PARAMS}Resources:
  T:
    Type: AWS::Test::Thing
    Properties:
      A: !Ref Env
      B: !Ref Secret
      C: !Ref Subnets
      D: !Ref Ami
      E: !Ref Port
`;
    const l = load(t);
    const a = res(l, 'T').attrs;
    expect(a['A']).toBe('prod');
    expectUnknown(a['B'], [], 'parameter Secret has no default');
    expect(a['C']).toEqual(['a', 'b', 'c']);
    expectUnknown(a['D'], [], 'SSM');
    expect(a['E']).toBe(22);
    expect(l.unresolved).toEqual([
      { file: 'template.yaml', line: lineWith(t, '  Secret:'), what: 'Parameters.Secret', reason: 'parameter Secret has no default' },
      expect.objectContaining({ what: 'Parameters.Ami', line: lineWith(t, '  Ami:') }),
    ]);
  });

  test('pseudo parameters', () => {
    const a = evalProps(`      P: !Ref AWS::Partition
      U: !Ref AWS::URLSuffix
      R: !Ref AWS::Region
      A: !Ref AWS::AccountId
      S: !Ref AWS::StackName
      N: !Ref AWS::NoValue
      L: [a, !Ref AWS::NoValue, b]
`);
    expect(a['P']).toBe('aws');
    expect(a['U']).toBe('amazonaws.com');
    for (const k of ['R', 'A', 'S']) expectUnknown(a[k], [], 'known at deploy time');
    expect('N' in a).toBe(false);
    expect(a['L']).toEqual(['a', 'b']);
  });
});

describe('intrinsic functions', () => {
  test('Ref and GetAtt to a resource are Unknown with the logical id; Resource.refs records them, DependsOn does not', () => {
    const t = `Resources:
  Key:
    Type: AWS::KMS::Key
  Role:
    Type: AWS::IAM::Role
  T:
    Type: AWS::Test::Thing
    DependsOn: Role
    Properties:
      A: !Ref Key
      B: !GetAtt Key.Arn
      C: !GetAtt [Role, Arn]
      D: { "Fn::GetAtt": ["Role", "RoleId"] }
      E: plain
      F: [x, !Ref Role]
`;
    const r = res(load(t), 'T');
    expectUnknown(r.attrs['A'], ['Key']);
    expectUnknown(r.attrs['B'], ['Key'], 'Key.Arn');
    expectUnknown(r.attrs['C'], ['Role'], 'Role.Arn');
    expectUnknown(r.attrs['D'], ['Role'], 'Role.RoleId');
    expect(Object.fromEntries(r.refs)).toEqual({ A: ['Key'], B: ['Key'], C: ['Role'], D: ['Role'], F: ['Role'] });
  });

  test('Fn::Sub: string and list forms, parameters, pseudo parameters, literals, resource attributes', () => {
    const a = evalProps(`      A: !Sub "\${Env}-\${AWS::Partition}-\${!Literal}"
      B: !Sub
        - "\${Name}.\${Env}"
        - Name: !Ref Env
      C: !Sub "arn:\${AWS::Partition}:s3:::\${Other}/*"
      D: !Sub "\${Other.Arn}"
      E: !Sub "x-\${AWS::Region}"
      F: { "Fn::Sub": "no vars" }
`, PARAMS);
    expect(a['A']).toBe('prod-aws-${Literal}');
    expect(a['B']).toBe('prod.prod');
    expectUnknown(a['C'], ['Other']);
    expectUnknown(a['D'], ['Other']);
    expectUnknown(a['E'], []);
    expect(a['F']).toBe('no vars');
  });

  test('Fn::Join, Fn::Select, Fn::Split, Fn::Base64', () => {
    const a = evalProps(`      J: !Join ["-", [a, !Ref Env, 3]]
      JU: !Join ["", [a, !Ref Other]]
      S: !Select [1, [x, y, z]]
      SL: !Select [2, !Ref Subnets]
      SU: !Select [0, !GetAZs ""]
      SP: !Split [",", "a,b,,c"]
      B: !Base64 "#!/bin/bash"
      BU: !Base64 { "Fn::Sub": "\${Other}" }
      NS: !Select [1, !Split ["/", "arn/role/x"]]
`, PARAMS);
    expect(a['J']).toBe('a-prod-3');
    expectUnknown(a['JU'], ['Other']);
    expect(a['S']).toBe('y');
    expect(a['SL']).toBe('c');
    expectUnknown(a['SU'], [], 'Fn::Select');
    expect(a['SP']).toEqual(['a', 'b', '', 'c']);
    expect(a['B']).toBe(Buffer.from('#!/bin/bash').toString('base64'));
    expectUnknown(a['BU'], ['Other']);
    expect(a['NS']).toBe('role');
  });

  test('Fn::GetAZs, Fn::ImportValue, Fn::Cidr and Fn::Transform are Unknown', () => {
    const a = evalProps(`      Z: !GetAZs ""
      I: !ImportValue shared-vpc
      C: !Cidr ["10.0.0.0/16", 4, 8]
      T: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}
`);
    expectUnknown(a['Z'], [], 'GetAZs');
    expectUnknown(a['I'], [], 'ImportValue');
    expectUnknown(a['C']);
    expectUnknown(a['T'], [], 'macro');
  });

  test('Fn::FindInMap: known keys, an unknown key where all entries agree, DefaultValue, and a truly unknown lookup', () => {
    const maps = `Mappings:
  Env:
    prod: {Encrypt: true, Size: 10}
    dev: {Encrypt: false, Size: 1}
  Region:
    us-east-1: {Tls: TLSv1.2, Ami: ami-1}
    eu-west-1: {Tls: TLSv1.2, Ami: ami-2}
`;
    const a = evalProps(`      E: !FindInMap [Env, !Ref Env, Encrypt]
      S: !FindInMap [Env, dev, Size]
      T: !FindInMap [Region, !Ref AWS::Region, Tls]
      A: !FindInMap [Region, !Ref AWS::Region, Ami]
      D: !FindInMap [Env, staging, Size, {DefaultValue: 5}]
`, PARAMS + maps);
    expect(a['E']).toBe(true);
    expect(a['S']).toBe(1);
    expect(a['T']).toBe('TLSv1.2');
    expectUnknown(a['A']);
    expect(a['D']).toBe(5);
  });
});

describe('conditions', () => {
  const conds = `Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  InUsEast: !Equals [!Ref AWS::Region, us-east-1]
  ProdAndUs: !And [!Condition IsProd, !Condition InUsEast]
  DevAndUs: !And [!Condition IsDev, !Condition InUsEast]
  ProdOrUs: !Or [!Condition IsProd, !Condition InUsEast]
  DevOrUs: !Or [!Condition IsDev, !Condition InUsEast]
  HasSecret: !Not [!Equals [!Ref Secret, ""]]
  Loop1: !Condition Loop2
  Loop2: !Condition Loop1
  NumEq: !Equals [22, !Ref Port]
`;

  test('Fn::If follows known conditions, is Unknown otherwise unless both branches agree', () => {
    const a = evalProps(`      P: !If [IsProd, yes, no]
      D: !If [IsDev, yes, no]
      U: !If [InUsEast, yes, no]
      PU: !If [ProdAndUs, yes, no]
      DU: !If [DevAndUs, yes, no]
      PO: !If [ProdOrUs, yes, no]
      DO: !If [DevOrUs, yes, no]
      S: !If [HasSecret, !Ref Other, none]
      SAME: !If [InUsEast, same, same]
      L: !If [Loop1, a, b]
      N: !If [NumEq, a, b]
      GONE: !If [IsProd, !Ref AWS::NoValue, x]
      KEPT: !If [IsDev, !Ref AWS::NoValue, x]
`, PARAMS + conds);
    expect(a['P']).toBe('yes');
    expect(a['D']).toBe('no');
    expectUnknown(a['U'], [], 'InUsEast');
    expectUnknown(a['PU']);
    expect(a['DU']).toBe('no');
    expect(a['PO']).toBe('yes');
    expectUnknown(a['DO']);
    expectUnknown(a['S'], ['Other']);
    expect(a['SAME']).toBe('same');
    expectUnknown(a['L']);
    expect(a['N']).toBe('a');
    expect('GONE' in a).toBe(false);
    expect(a['KEPT']).toBe('x');
  });

  test('a resource whose condition is false is dropped; true and unknown are kept', () => {
    const t = `${PARAMS}${conds}Resources:
  OnlyDev:
    Type: AWS::Test::Thing
    Condition: IsDev
  OnlyProd:
    Type: AWS::Test::Thing
    Condition: IsProd
  MaybeUs:
    Type: AWS::Test::Thing
    Condition: InUsEast
  Undeclared:
    Type: AWS::Test::Thing
    Condition: NoSuchCondition
`;
    expect(load(t).resources.map((r) => r.address)).toEqual(['OnlyProd', 'MaybeUs', 'Undeclared']);
  });

  test('Fn::If over a whole Properties block', () => {
    const t = `${PARAMS}${conds}Resources:
  B:
    Type: AWS::S3::Bucket
    Properties: !If
      - InUsEast
      - {AccessControl: PublicRead}
      - {AccessControl: Private}
`;
    const r = res(load(t), 'B');
    expectUnknown(r.attrs['acl']);
  });
});

describe('malformed intrinsics', () => {
  test('wrong argument shapes evaluate to Unknown (or a plain value) without errors', () => {
    const a = evalProps(`      S1: !Select x
      S2: !Select [9, [a]]
      J: !Join x
      SB: !Sub [1, 2, 3]
      F: !FindInMap x
      F2: !FindInMap [Nope, a, b]
      I: !If x
      G: !GetAtt []
      R: !Ref [a, b]
      B: !Base64 [a]
      SP: !Split x
      E: !Equals [a, b]
      T: !ToJsonString {a: 1}
      L: !Length [a, b, c]
`, 'Conditions:\n  Self: !Condition Self\n  Bad: !Equals x\n');
    for (const k of ['S1', 'S2', 'J', 'SB', 'F', 'F2', 'I', 'G', 'R', 'B', 'SP', 'E']) expectUnknown(a[k]);
    expect(a['T']).toBe('{"a":1}');
    expect(a['L']).toBe(3);
  });
});
