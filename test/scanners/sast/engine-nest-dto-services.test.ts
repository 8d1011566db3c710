/** A NestJS DTO checked by a pipe in the controller and handed whole to a service keeps its per-field cleaning there (cross-file). */
import { afterAll, describe, expect, it } from 'vitest';
import { tmpTrees } from '../../helpers/tmp.js';
import { scanRoot } from './scan-root.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

async function sql(files: Record<string, string>): Promise<string[]> {
  const root = trees.make({ 'package.json': '{"name":"app","private":true}', ...files });
  const findings = await scanRoot(root, Object.keys(files));
  return findings.filter((f) => f.ruleId === 'sast/js/sql-injection').map((f) => `${f.location.path}:${f.location.startLine}`).sort();
}

const DTO = [
  "import { IsInt, IsString } from 'class-validator';",
  'export class CreateUserDto { @IsInt() id: number; @IsString() name: string; }',
].join('\n');

const SERVICE = [
  "import { Injectable } from '@nestjs/common';",
  "import { DataSource } from 'typeorm';",
  "import { CreateUserDto } from './create-user.dto';",
  '@Injectable()',
  'export class UsersService {', // 5
  '  constructor(private readonly ds: DataSource) {}',
  '  byId(dto: CreateUserDto) { return this.ds.query("SELECT * FROM users WHERE id = " + dto.id); }',
  '  byName(dto: CreateUserDto) { return this.ds.query("SELECT * FROM users WHERE name = \'" + dto.name + "\'"); }',
  '}',
].join('\n');

const controller = (pipe: string) => [
  "import { Body, Controller, Post, UsePipes, ValidationPipe } from '@nestjs/common';",
  "import { CreateUserDto } from './create-user.dto';",
  "import { UsersService } from './users.service';",
  `${pipe}@Controller('users')`,
  'export class UsersController {',
  '  constructor(private readonly users: UsersService) {}',
  "  @Post('a') a(@Body() dto: CreateUserDto) { return this.users.byId(dto); }",
  "  @Post('b') b(@Body() dto: CreateUserDto) { return this.users.byName(dto); }",
  '}',
].join('\n');

describe('NestJS: a checked DTO handed to a service', () => {
  it('keeps its checked fields clean inside the service (a string field is still SQL text)', async () => {
    expect(await sql({
      'src/users/create-user.dto.ts': DTO, 'src/users/users.service.ts': SERVICE, 'src/users/users.controller.ts': controller('@UsePipes(new ValidationPipe())\n'),
    })).toEqual(['src/users/users.service.ts:8']);
  });

  it('without a pipe every field reaches the service unchecked', async () => {
    expect(await sql({
      'src/users/create-user.dto.ts': DTO, 'src/users/users.service.ts': SERVICE, 'src/users/users.controller.ts': controller(''),
    })).toEqual(['src/users/users.service.ts:7', 'src/users/users.service.ts:8']);
  });
});
