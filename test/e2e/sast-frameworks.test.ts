/** The built CLI on framework code: a NestJS app with class-validator DTOs and a global pipe, a Vue component. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tmpTrees } from '../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

interface JFinding {
  ruleId: string;
  location: { path: string; startLine: number };
  codeFlow?: { location: { path: string; startLine: number } }[];
}

async function findings(files: Record<string, string>): Promise<JFinding[]> {
  const dir = trees.make(files);
  const cache = trees.track(mkdtempSync(join(tmpdir(), 'rampart-sast-cache-')));
  const r = await runCli(['scan', dir, '--scanners', 'sast', '--format', 'json'], { env: { XDG_CACHE_HOME: cache } });
  expect(r.code, r.stderr).toBeLessThan(2);
  return (JSON.parse(r.stdout) as { findings: JFinding[] }).findings;
}

const brief = (f: JFinding) => `${f.location.path}:${f.location.startLine} ${f.ruleId}`;

describe('sast on framework code (built CLI)', () => {
  it('NestJS: a global ValidationPipe in main.ts makes @IsInt fields of a DTO in dto/ clean; @IsString ones are still reported', async () => {
    const found = await findings({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { ValidationPipe } from '@nestjs/common';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));
  await app.listen(3000);
}
bootstrap();
`,
      'src/items/dto/find-items.dto.ts': `import { IsInt, IsString } from 'class-validator';
export class FindItemsDto {
  @IsInt() limit: number;
  @IsString() name: string;
}
`,
      'src/items/items.controller.ts': `import { Body, Controller, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FindItemsDto } from './dto/find-items.dto';
@Controller('items')
export class ItemsController {
  constructor(private readonly ds: DataSource) {}
  @Post('search') search(@Body() dto: FindItemsDto) {
    const byLimit = this.ds.query('SELECT * FROM items LIMIT ' + dto.limit);
    const byName = this.ds.query("SELECT * FROM items WHERE name = '" + dto.name + "'");
    return Promise.all([byLimit, byName]);
  }
}
`,
    });
    expect(found.filter((f) => f.ruleId === 'sast/js/sql-injection').map(brief)).toEqual(['src/items/items.controller.ts:9 sast/js/sql-injection']);
  });

  it('Vue: v-html of route data in a .vue file is reported at the template line, with the path from the script', async () => {
    const found = await findings({
      'src/components/Notice.vue': `<template>
  <div>
    <h2>{{ title }}</h2>
    <p v-html="message"></p>
  </div>
</template>

<script setup lang="ts">
import { computed } from 'vue';
import { useRoute } from 'vue-router';
const route = useRoute();
const title = computed(() => String(route.query.title));
const message = computed(() => String(route.query.msg));
</script>
`,
    });
    const xss = found.filter((f) => f.ruleId === 'sast/js/xss');
    expect(xss.map(brief)).toEqual(['src/components/Notice.vue:4 sast/js/xss']);
    expect(xss[0]!.codeFlow?.[0]?.location).toMatchObject({ path: 'src/components/Notice.vue', startLine: 11 });
  });
});
