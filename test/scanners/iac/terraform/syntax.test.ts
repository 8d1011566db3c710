import { describe, expect, test } from 'vitest';
import { loadOne, res } from './helpers.js';

describe('terraform: real-world syntax parses without warnings', () => {
  test('kitchen sink', async () => {
    const src = `/* block comment
   spanning lines */
// line comment
locals {
  m = {
    "quoted key" = 1,
    plain        = 2
    (upper("k")) = 3
  }
  nested   = "\${join(",", ["a", "b"])}"
  inner    = "outer \${"inner \${"deep"}"} end"
  multi = (
    1 +
    2
  )
  choice = local.m.plain > 1 ? (
    "big"
  ) : "small"
  grouped = { for k, v in { a = "x", b = "x", c = "y" } : v => k... }
  firsts  = [[1, 2], [3, 4]][*][0]
  dashed  = { tag-name = "ok" }
  pairs   = "%{ for k, v in { a = 1, b = 2 } }\${k}=\${v};%{ endfor }"
}
resource "aws_s3_bucket_policy" "p" {
  bucket = "b"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow",
        Action    = ["s3:GetObject",],
        Principal = "*",
      },
    ]
  })
  heredoc_in_call = trimspace(<<EOT
  text \${local.nested}
EOT
  )
  lifecycle {
    ignore_changes = [tags]
  }
  values = [
    local.m["quoted key"],
    local.m.K,
    local.multi,
    local.choice,
    local.grouped,
    local.firsts,
    local.dashed.tag-name,
    local.inner,
    local.pairs,
  ]
}
`;
    const l = await loadOne(src);
    const r = res(l, 'aws_s3_bucket_policy.p');
    expect(JSON.parse(r.attrs['policy'] as string)).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Principal: '*' }] });
    expect(r.attrs['heredoc_in_call']).toBe('text a,b');
    expect(r.attrs['values']).toEqual([1, 3, 3, 'big', { x: ['a', 'b'], y: ['c'] }, [1, 3], 'ok', 'outer inner deep end', 'a=1;b=2;']);
    expect(r.lines.get('values.6')).toBe(src.split('\n').findIndex((x) => x.includes('local.dashed.tag-name,')) + 1);
  });

  test('.tf.json: module, locals, outputs, variable types, lone interpolations keep their type', async () => {
    const l = await loadOne({
      'main.tf.json': JSON.stringify(
        {
          variable: { ports: { type: 'list(number)', default: ['22', '443'] } },
          locals: { first: '${var.ports[0]}', name: 'app' },
          module: { m: { source: './m', n: '${local.first}' } },
          resource: { x: { r: [{ v: '${module.m.out}', all: '${var.ports}' }] } },
        },
        null,
        2,
      ),
      'm/main.tf.json': JSON.stringify({ variable: { n: {} }, output: { out: { value: '${var.n + 1}' } } }),
    });
    expect(res(l, 'x.r').attrs).toEqual({ v: 23, all: [22, 443] });
  });
});
