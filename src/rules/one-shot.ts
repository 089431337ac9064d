// One-shot jobs: services that run to completion (migrations, init containers) rather than stay up. Readiness
// and restart advice is about long-running services; for a job it is wrong (a healthcheck never matters, and a
// restart policy re-runs it).
import type { Project } from '../model/types.ts';
import { isRecord } from './normalize.ts';

const jobsByProject = new WeakMap<object, Set<string>>();

/** Another service (profile-gated ones too) waits for `name` with `condition: service_completed_successfully`. */
export function isOneShot(project: Project, name: string): boolean {
  // Built once per project: asking every service about every other one is quadratic.
  let jobs = jobsByProject.get(project.services);
  if (!jobs) {
    jobs = new Set();
    for (const services of [project.services, project.disabledServices ?? {}]) {
      for (const s of Object.values(services)) {
        if (!isRecord(s.depends_on)) continue;
        for (const [dep, d] of Object.entries(s.depends_on)) if (isRecord(d) && d.condition === 'service_completed_successfully') jobs.add(dep);
      }
    }
    jobsByProject.set(project.services, jobs);
  }
  return jobs.has(name);
}
