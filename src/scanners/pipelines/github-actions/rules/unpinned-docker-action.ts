import { allSteps, defineRule, stepKey } from '../rule.js';

const DIGEST = /@sha256:[0-9a-f]{64}$/i;

export const unpinnedDockerAction = defineRule({
  id: 'pipelines/github-actions/unpinned-docker-action',
  title: 'Docker action image not pinned to a digest',
  severity: 'medium',
  cwe: [829],
  description: 'A step (`uses: docker://image:tag`) or a Docker action (`runs.image: docker://...`) runs an image by tag; whoever can push the tag decides what runs.',
  remediation: 'Reference the image by digest: `docker://image@sha256:<digest>`.',
  check(wf, report) {
    for (const [job, step] of allSteps(wf)) {
      const u = step.uses?.value.trim();
      if (step.uses && u?.startsWith('docker://') && !DIGEST.test(u)) report(step.uses.pos, `${u} is not pinned to an image digest`, stepKey(job, step));
    }
    const img = wf.actionImage;
    if (img && img.value.trim().startsWith('docker://') && !DIGEST.test(img.value.trim())) report(img.pos, `${img.value.trim()} is not pinned to an image digest`, 'runs.image');
  },
});
