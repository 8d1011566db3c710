import { defineRule } from '../rule.js';

/** `name`, `name:latest`, `registry:5000/name` (a port is not a tag) → untagged or latest. */
export function floatingImage(image: string): boolean {
  const i = image.trim();
  if (i === '' || /\$\{\{/.test(i) || /@sha256:/.test(i)) return false;
  const last = i.slice(i.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 || last.slice(colon + 1) === 'latest';
}

export const unpinnedContainerImage = defineRule({
  id: 'pipelines/github-actions/unpinned-container-image',
  title: 'Job container or service image without a version',
  severity: 'medium',
  cwe: [829, 1357],
  description: 'A `container:` or `services:` image has no tag or uses `latest`, so each run may pull a different image, chosen by whoever can push to that repository, and runs it with access to the job\'s workspace and token.',
  remediation: 'Pin the image to a digest (`image@sha256:...`), or at least to a specific version tag.',
  check(wf, report) {
    for (const job of wf.jobs)
      for (const c of [job.container, ...job.services])
        if (c?.image && floatingImage(c.image.value)) report(c.image.pos, `${c.name} image ${c.image.value.trim()} in job ${job.id} has no version`, `${job.id}/${c.name}`);
  },
});
