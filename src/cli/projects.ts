import type { Command } from 'commander';
import { api, seg, serverOptions, type ServerFlags } from './api/client.js';
import { emit, fields, note, table, when } from './api/output.js';

interface Project {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
}

/**
 * `rampart projects create|list|show`: the projects everything else on the server hangs from
 * (POST/GET /api/v1/projects). create needs projects:write server-wide; list, server-wide
 * projects:read; show, projects:read on the project.
 */
export function registerProjects(program: Command, setCode: (c: number) => void): void {
  const projects = program.command('projects').description('create, list and show projects on the server');

  serverOptions(projects.command('create').description('create a project (needs projects:write server-wide)').argument('<name>', "lowercase letters, digits and '-'"))
    .option('--description <text>', 'what the project is')
    .action(async (name: string, o: ServerFlags & { description?: string }) => {
      const c = await api(o);
      const p = (await c.call('POST', '/api/v1/projects', { name, ...(o.description !== undefined ? { description: o.description } : {}) })) as Project;
      emit(o, p, () => fields([['project', p.name], ['id', p.id], ['created', when(p.createdAt)]]));
      note(o, `project ${p.name} created; next: service accounts (rampart service-accounts create NAME --project ${p.name}) and role bindings (rampart roles bind)`);
      setCode(0);
    });

  serverOptions(projects.command('list').description('list every project (needs projects:read server-wide)')).action(async (o: ServerFlags) => {
    const c = await api(o);
    const list = (await c.call('GET', '/api/v1/projects')) as Project[];
    emit(o, list, () => table(['NAME', 'ID', 'CREATED', 'DESCRIPTION'], list.map((p) => [p.name, p.id, when(p.createdAt), p.description ?? '']), 'no projects'));
    setCode(0);
  });

  serverOptions(projects.command('show').description('one project (needs projects:read on it)').argument('<name>', 'project name or id')).action(async (name: string, o: ServerFlags) => {
    const c = await api(o);
    const p = (await c.call('GET', `/api/v1/projects/${seg(name)}`)) as Project;
    emit(o, p, () => fields([['project', p.name], ['id', p.id], ['created', when(p.createdAt)], ['description', p.description ?? '-']]));
    setCode(0);
  });
}
