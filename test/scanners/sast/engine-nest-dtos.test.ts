/** NestJS class-validator DTOs: checked fields are clean only where a ValidationPipe runs. */
import { afterAll, describe, expect, it } from 'vitest';
import { tmpTrees } from '../../helpers/tmp.js';
import { scanRoot } from './scan-root.js';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { nestGlobalValidation, withNestGlobalValidation } from '../../../src/scanners/sast/models/nest.js';
import type { FileExports } from '../../../src/scanners/sast/taint/summary.js';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

/** The DTO field each finding's sink line uses (`dto.name`), with the kind. */
function hits(code: string, opts: { global?: { transform: boolean }; imported?: Record<string, FileExports>; path?: string } = {}): string[] {
  const lines = code.split('\n');
  return brief(run(code, {
    models: opts.global ? withNestGlobalValidation(MODELS, opts.global) : MODELS, path: opts.path ?? 'src/users/users.controller.ts', labels: ALL_LABELS,
    ...(opts.imported ? { imported: opts.imported } : {}),
  })).map((h) => `${/dto\.(\w+)/.exec(lines[h.sink - 1] ?? '')?.[1] ?? h.sink}:${h.kind}`);
}

const DTO = `import { IsBoolean, IsEmail, IsEnum, IsIn, IsInt, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Type } from 'class-transformer';
export enum Role { Admin = 'admin', User = 'user' }
export class CreateUserDto {
  @IsInt() id: number;
  @IsUUID() orgId: string;
  @IsEnum(Role) role: Role;
  @IsIn(['asc', 'desc']) order: string;
  @Matches(/^[a-z0-9_]+$/) handle: string;
  @Matches(/^[a-z' ]+$/) nick: string;
  @Matches(/[a-z]+/) loose: string;
  @IsString() @MaxLength(40) name: string;
  @IsEmail() email: string;
  @ValidateIf((o) => o.admin) @IsInt() level: number;
  @Type(() => Number) page: number;
  @IsBoolean() active: boolean;
}
`;

// Line 8 is the first line of a controller body.
const CONTROLLER = (dtoImport: string, pipes: string, body: string) => `import { Body, Controller, Post, Query, UsePipes, ValidationPipe } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DataSource } from 'typeorm';
${dtoImport}
${pipes}@Controller('users')
export class UsersController {
  constructor(private readonly ds: DataSource, @InjectModel('User') private readonly userModel: Model<any>) {}
${body}
}`;

const SQL_FIELDS = `  @Post() create(@Body() dto: CreateUserDto) {
    this.ds.query('SELECT * FROM users WHERE id = ' + dto.id);
    this.ds.query("SELECT * FROM users WHERE org = '" + dto.orgId + "'");
    this.ds.query("SELECT * FROM users WHERE role = '" + dto.role + "'");
    this.ds.query('SELECT * FROM users ORDER BY name ' + dto.order);
    this.ds.query("SELECT * FROM users WHERE handle = '" + dto.handle + "'");
    this.ds.query('SELECT * FROM users WHERE active = ' + dto.active);
    this.ds.query("SELECT * FROM users WHERE nick = '" + dto.nick + "'");
    this.ds.query("SELECT * FROM users WHERE loose = '" + dto.loose + "'");
    this.ds.query("SELECT * FROM users WHERE name = '" + dto.name + "'");
    this.ds.query("SELECT * FROM users WHERE email = '" + dto.email + "'");
    this.ds.query('SELECT * FROM users WHERE level = ' + dto.level);
    this.ds.query('SELECT * FROM users LIMIT 10 OFFSET ' + dto.page);
    return this.userModel.findOne({ email: dto.email, name: dto.name, other: dto.other });
  }`;

/** Reported with a pipe that does not transform: strings, a pattern allowing quotes or unanchored, @ValidateIf, @Type alone, an unchecked field. */
const STILL = ['nick:sql-injection', 'loose:sql-injection', 'name:sql-injection', 'email:sql-injection', 'level:sql-injection', 'page:sql-injection', 'email:nosql-injection'];
const ALL = ['id', 'orgId', 'role', 'order', 'handle', 'active', 'nick', 'loose', 'name', 'email', 'level', 'page'].map((f) => `${f}:sql-injection`).concat('email:nosql-injection');

describe('NestJS class-validator DTOs', () => {
  it('@UsePipes(new ValidationPipe()) on the controller: checked numeric, id, enum, fixed-list and anchored-pattern fields are clean', () => {
    expect(hits(DTO + CONTROLLER('', '@UsePipes(new ValidationPipe())\n', SQL_FIELDS)).sort()).toEqual([...STILL].sort());
  });

  it('without any ValidationPipe the decorators check nothing: every field is reported', () => {
    expect(hits(DTO + CONTROLLER('', '', SQL_FIELDS)).sort()).toEqual([...ALL].sort());
  });

  it('a pipe on the parameter or method, and a transforming pipe for @Type(() => Number)', () => {
    const onParam = SQL_FIELDS.replace('@Body() dto', '@Body(new ValidationPipe({ transform: true })) dto');
    expect(hits(DTO + CONTROLLER('', '', onParam)).sort()).toEqual(STILL.filter((s) => !s.startsWith('page:')).sort());
    const onMethod = SQL_FIELDS.replace('  @Post()', '  @UsePipes(ValidationPipe) @Post()');
    expect(hits(DTO + CONTROLLER('', '', onMethod)).sort()).toEqual([...STILL].sort());
  });

  it('a DTO from another file (and a dto/index.ts re-export), with a global pipe of the project', () => {
    const dtoFile = run(DTO, { models: MODELS, path: 'src/users/dto/create-user.dto.ts', labels: ALL_LABELS }).exports;
    const barrel = run(`export * from './create-user.dto';`, { models: MODELS, path: 'src/users/dto/index.ts', labels: ALL_LABELS, imported: { './create-user.dto': dtoFile } }).exports;
    const code = CONTROLLER("import { CreateUserDto } from './dto';", '', SQL_FIELDS);
    expect(hits(code, { global: { transform: true }, imported: { './dto': barrel } }).sort()).toEqual(STILL.filter((s) => !s.startsWith('page:')).sort());
    expect(hits(code, { imported: { './dto': barrel } }).sort()).toEqual([...ALL].sort());
  });

  it('mapped types and base classes keep their validators; PickType keeps only the picked fields', () => {
    const mapped = `import { PartialType, PickType } from '@nestjs/mapped-types';
export class UpdateUserDto extends PartialType(CreateUserDto) {}
export class IdOnlyDto extends PickType(CreateUserDto, ['id'] as const) {}
class AdminDto extends CreateUserDto { @IsString() extra: string; }
`;
    const body = `  @Post('a') a(@Body() dto: UpdateUserDto) { return this.ds.query('SELECT * FROM users WHERE id = ' + dto.id); }
  @Post('b') b(@Body() dto: IdOnlyDto) { return this.ds.query('SELECT * FROM users WHERE id = ' + dto.id); }
  @Post('c') c(@Body() dto: IdOnlyDto) { return this.ds.query("SELECT * FROM users WHERE role = '" + dto.role + "'"); }
  @Post('d') d(@Query() dto: AdminDto) { return this.ds.query('SELECT * FROM users WHERE x = ' + dto.extra + ' AND id = ' + dto.id); }`;
    expect(hits(DTO + mapped + CONTROLLER('', '', body), { global: { transform: false } }).sort()).toEqual(['extra:sql-injection', 'role:sql-injection']);
  });
});

describe('DTO verdicts: @IsFQDN, @ValidateIf across classes, multiline @Matches', () => {
  const DTOS = `import { IsFQDN, IsInt, Matches, ValidateIf } from 'class-validator';
class BaseDto {
  @IsInt() a: number;
  @ValidateIf((o) => o.kind === 'x') @IsInt() b: number;
}
class ChildDto extends BaseDto {
  @ValidateIf((o) => o.kind === 'y') a: number;
  @IsInt() b: number;
  @IsFQDN() domain: string;
  @Matches(/^[a-z]+$/m) word: string;
  @Matches(/^[a-z]+$/) plain: string;
}
`;
  const body = `  @Post() create(@Body() dto: ChildDto) {
    this.ds.query('SELECT * FROM t WHERE a = ' + dto.a);
    this.ds.query('SELECT * FROM t WHERE b = ' + dto.b);
    this.ds.query("SELECT * FROM t WHERE domain = '" + dto.domain + "'");
    this.ds.query("SELECT * FROM t WHERE word = '" + dto.word + "'");
    this.ds.query("SELECT * FROM t WHERE plain = '" + dto.plain + "'");
    return fetch('https://' + dto.domain + '/status');
  }`;
  const of = (...fields: string[]) => hits(DTOS + CONTROLLER('', '', body), { global: { transform: false } })
    .filter((h) => fields.includes(h.split(':')[0]!)).sort();
  it('a @ValidateIf in a base or in a subclass wins over the other class\'s @IsInt', () => {
    expect(of('a', 'b')).toEqual(['a:sql-injection', 'b:sql-injection']);
  });
  it('@IsFQDN: a domain holds nothing to inject into SQL but is still where a request goes (SSRF)', () => {
    expect(of('domain')).toEqual(['domain:ssrf']);
  });
  it('@Matches with the m flag anchors each line only: not safe (without it: safe)', () => {
    expect(of('word', 'plain')).toEqual(['word:sql-injection']);
  });
});

describe('a DTO handed on to a service', () => {
  const SERVICE = `import { Body, Controller, Injectable, Post } from '@nestjs/common';
import { IsInt, IsString } from 'class-validator';
import { DataSource } from 'typeorm';
export class FindDto { @IsInt() limit: number; @IsString() name: string; }
@Injectable()
export class ItemsService {
  constructor(private readonly ds: DataSource) {}
  byLimit(dto: FindDto) { return this.ds.query('SELECT * FROM items LIMIT ' + dto.limit); }
  byName(dto: FindDto) { return this.ds.query("SELECT * FROM items WHERE name = '" + dto.name + "'"); }
}
@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}
  @Post('a') a(@Body() dto: FindDto) { return this.items.byLimit(dto); }
  @Post('b') b(@Body() dto: FindDto) { return this.items.byName(dto); }
}`;
  it('with a global pipe, a service parameter typed as the DTO has its checked fields clean', () => {
    // (One sink reached from the request and as a library's input is one finding in the scanner.)
    expect([...new Set(hits(SERVICE, { global: { transform: false } }))]).toEqual(['name:sql-injection']);
  });
  it('without a global pipe a caller may pass anything typed so: both are reported', () => {
    expect([...new Set(hits(SERVICE))]).toEqual(['limit:sql-injection', 'name:sql-injection']);
  });
});

describe('NestJS global ValidationPipe found in the project (scanner)', () => {
  const trees = tmpTrees();
  afterAll(() => trees.cleanup());
  const controller = CONTROLLER("import { CreateUserDto } from './dto/create-user.dto';", '', SQL_FIELDS);
  const sql = async (files: Record<string, string>) => {
    const root = trees.make(files);
    const found = await scanRoot(root, Object.keys(files));
    const lines = controller.split('\n');
    return found.filter((f) => f.location.path === 'src/users/users.controller.ts')
      .map((f) => `${/dto\.(\w+)/.exec(lines[f.location.startLine - 1] ?? '')?.[1]}:${f.ruleId.replace('sast/js/', '')}`).sort();
  };
  const files = { 'src/users/dto/create-user.dto.ts': DTO, 'src/users/users.controller.ts': controller };

  it('app.useGlobalPipes(new ValidationPipe({ transform: true })) in main.ts cleans the checked fields of every controller', async () => {
    const main = `import { NestFactory } from '@nestjs/core';\nimport { ValidationPipe } from '@nestjs/common';\nimport { AppModule } from './app.module';\n
async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));\n  await app.listen(3000);\n}\nbootstrap();\n`;
    expect(await sql({ ...files, 'src/main.ts': main })).toEqual(STILL.filter((x) => !x.startsWith('page:')).sort());
  });

  it('a main.ts without a ValidationPipe cleans nothing', async () => {
    const main = `import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\n`;
    expect(await sql({ ...files, 'src/main.ts': main })).toEqual([...ALL].sort());
  });
});

describe('nestGlobalValidation', () => {
  const find = (files: Record<string, string>) => nestGlobalValidation(Object.keys(files).map((path) => ({ path })), (p) => files[p]);
  it('finds useGlobalPipes in a bootstrap file and APP_PIPE in a module, with transform', () => {
    expect(find({ 'src/main.ts': 'app.useGlobalPipes(new ValidationPipe({\n  whitelist: true,\n  transform: true,\n}));' })).toEqual({ transform: true });
    expect(find({ 'src/app.module.ts': "providers: [{ provide: APP_PIPE, useClass: ValidationPipe }]" })).toEqual({ transform: false });
  });
  it('ignores other files, other pipes and a pipe only imported', () => {
    expect(find({ 'src/users/users.service.ts': 'app.useGlobalPipes(new ValidationPipe())' })).toBeUndefined();
    expect(find({ 'src/main.ts': 'app.useGlobalPipes(new TrimPipe());' })).toBeUndefined();
    expect(find({ 'src/main.ts': "import { ValidationPipe } from '@nestjs/common';\nawait app.listen(3000);" })).toBeUndefined();
  });
  it('ignores a commented-out global pipe and a ValidationPipe outside the useGlobalPipes call', () => {
    expect(find({ 'src/main.ts': "import { ValidationPipe } from '@nestjs/common';\n// app.useGlobalPipes(new ValidationPipe({ transform: true }));\nawait app.listen(3000);" })).toBeUndefined();
    expect(find({ 'src/main.ts': "/* app.useGlobalPipes(\n  new ValidationPipe(),\n); */\nawait app.listen(3000);" })).toBeUndefined();
    expect(find({ 'src/main.ts': "const v = new ValidationPipe();\napp.useGlobalPipes(new TrimPipe());" })).toBeUndefined();
    // A URL in a string is not a comment; the pipe among others in the call counts.
    expect(find({ 'src/main.ts': "app.enableCors({ origin: 'http://localhost:4200' }); app.useGlobalPipes(new TrimPipe(), new ValidationPipe({ transform: true }));" })).toEqual({ transform: true });
  });
});

describe('nested DTOs (@ValidateNested)', () => {
  const NESTED = `import { IsInt, IsString, IsUUID, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
class AddressDto { @IsInt() zip: number; @IsString() street: string; }
class ItemDto { @IsInt() qty: number; @IsUUID() sku: string; }
class LooseItemDto { @IsInt() qty: number; note: string; }
export class OrderDto {
  @ValidateNested() @Type(() => AddressDto) address: AddressDto;
  @Type(() => AddressDto) billing: AddressDto;
  @ValidateNested({ each: true }) @Type(() => ItemDto) items: ItemDto[];
  @ValidateNested() @Type(() => LooseItemDto) extras: LooseItemDto[];
}
`;
  /** The last `dto.<path>` (or loop element's) of each sink line, with the kind. */
  const nested = (code: string, global?: { transform: boolean }) => {
    const lines = code.split('\n');
    return brief(run(code, { models: global ? withNestGlobalValidation(MODELS, global) : MODELS, path: 'src/orders/orders.controller.ts', labels: ALL_LABELS }))
      .map((h) => `${[...(lines[h.sink - 1] ?? '').matchAll(/\b(?:dto|i|e)\.([\w.]+)/g)].at(-1)?.[1] ?? h.sink}:${h.kind}`).sort();
  };
  const body = `  @Post() create(@Body() dto: OrderDto) {
    this.ds.query('SELECT * FROM orders WHERE zip = ' + dto.address.zip);
    this.ds.query("SELECT * FROM orders WHERE street = '" + dto.address.street + "'");
    this.ds.query('SELECT * FROM orders WHERE zip = ' + dto.billing.zip);
    for (const i of dto.items) this.ds.query("SELECT * FROM stock WHERE sku = '" + i.sku + "' AND qty > " + i.qty);
    dto.extras.forEach((e) => this.ds.query("SELECT * FROM notes WHERE note = '" + e.note + "'"));
  }`;

  it('the inner DTO\'s validators apply to dto.inner.x and to each element of an array; without @ValidateNested nothing is checked', () => {
    const code = NESTED + CONTROLLER('', '@UsePipes(new ValidationPipe())\n', body);
    expect(nested(code)).toEqual(['address.street:sql-injection', 'billing.zip:sql-injection', 'note:sql-injection']);
  });

  it('an array element keeps its undeclared fields and itself tainted (the pipe keeps unknown properties); only its declared fields are clean', () => {
    const loose = `  @Post() create(@Body() dto: OrderDto) {
    for (const i of dto.items) this.ds.query("SELECT * FROM notes WHERE note = '" + (i as any).note + "'");
    dto.items.forEach((i) => this.ds.query('SELECT * FROM stock WHERE qty > ' + i.qty));
    dto.items.map((i) => this.ds.query('SELECT * FROM stock WHERE item = ' + i));
  }`;
    const code = NESTED + CONTROLLER('', '@UsePipes(new ValidationPipe())\n', loose);
    const lines = brief(run(code, { models: MODELS, path: 'src/orders/orders.controller.ts', labels: ALL_LABELS })).map((h) => code.split('\n')[h.sink - 1]!.trim().slice(0, 30));
    expect(lines).toEqual(['for (const i of dto.items) thi', 'dto.items.map((i) => this.ds.q']);
  });

  it('without a pipe every nested field is reported', () => {
    const code = NESTED + CONTROLLER('', '', body);
    expect(nested(code)).toEqual(['address.street:sql-injection', 'address.zip:sql-injection', 'billing.zip:sql-injection', 'note:sql-injection', 'qty:sql-injection']);
  });

  it('nested verdicts travel with a DTO exported from another file', () => {
    const dtoFile = run(NESTED, { models: MODELS, path: 'src/orders/dto/order.dto.ts', labels: ALL_LABELS }).exports;
    const code = CONTROLLER("import { OrderDto } from './dto/order.dto';", '', body);
    const lines = code.split('\n');
    const got = brief(run(code, { models: withNestGlobalValidation(MODELS, { transform: false }), path: 'src/orders/orders.controller.ts', labels: ALL_LABELS, imported: { './dto/order.dto': dtoFile } }))
      .map((h) => `${[...(lines[h.sink - 1] ?? '').matchAll(/\b(?:dto|i|e)\.([\w.]+)/g)].at(-1)?.[1] ?? h.sink}:${h.kind}`).sort();
    expect(got).toEqual(['address.street:sql-injection', 'billing.zip:sql-injection', 'note:sql-injection']);
  });
});
