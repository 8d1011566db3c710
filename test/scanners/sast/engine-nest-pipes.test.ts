/** NestJS parsing pipes on a parameter decorator: the handler gets a number, boolean, UUID or enum value. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

// All labels: a controller's exported handler methods get their parameters from NestJS, so they are
// not library input either (no package.json says whether the folder is a library).
const lines = (code: string) => brief(run(code, { models: MODELS, path: 'src/items.controller.ts', labels: ALL_LABELS })).map((h) => `${h.sink}:${h.kind}`);

const HEAD = `import { Controller, DefaultValuePipe, Get, Param, ParseArrayPipe, ParseBoolPipe, ParseEnumPipe, ParseFloatPipe, ParseIntPipe, ParseUUIDPipe, Query } from '@nestjs/common';
import * as common from '@nestjs/common';
import { DataSource } from 'typeorm';
enum Sort { Name = 'name', Created = 'created_at' }
@Controller('items')
export class ItemsController {
  constructor(private readonly ds: DataSource) {}
`;

describe('NestJS parsing pipes', () => {
  it('parameters through ParseIntPipe, ParseFloatPipe, ParseBoolPipe, ParseUUIDPipe, ParseEnumPipe are clean', () => {
    expect(lines(`${HEAD}  @Get(':id') one(@Param('id', ParseIntPipe) id: number) { return this.ds.query(\`SELECT * FROM items WHERE id = \${id}\`); }
  @Get() list(@Query('page', new DefaultValuePipe(0), new ParseIntPipe()) page: number, @Query('sort', new ParseEnumPipe(Sort)) sort: Sort) {
    return this.ds.query(\`SELECT * FROM items ORDER BY \${sort} LIMIT 20 OFFSET \${page * 20}\`);
  }
  @Get('near') near(@Query('lat', ParseFloatPipe) lat: number, @Query('all', ParseBoolPipe) all: boolean) { return this.ds.query('SELECT * FROM items WHERE lat > ' + lat + (all ? '' : ' AND live')); }
  @Get('u/:uuid') byUuid(@Param('uuid', new common.ParseUUIDPipe({ version: '4' })) uuid: string) { return this.ds.query("SELECT * FROM items WHERE uuid = '" + uuid + "'"); }
}`)).toEqual([]);
  });

  it('no pipe, a pipe that keeps strings, or another parameter are still reported', () => {
    expect(lines(`${HEAD}  @Get(':id') one(@Param('id') id: string) { return this.ds.query(\`SELECT * FROM items WHERE id = \${id}\`); }
  @Get() list(@Query('ids', ParseArrayPipe) ids: string[]) { return this.ds.query('SELECT * FROM items WHERE id IN (' + ids.join(',') + ')'); }
  @Get('x') two(@Query('page', ParseIntPipe) page: number, @Query('q') q: string) { return this.ds.query(\`SELECT * FROM items WHERE name = '\${q}' OFFSET \${page}\`); }
}`)).toEqual(['8:sql-injection', '9:sql-injection', '10:sql-injection']);
  });
});
