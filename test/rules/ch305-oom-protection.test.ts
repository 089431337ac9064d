import { rule } from '../../src/rules/ch305-oom-protection.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'example/app:1', oom_kill_disable: false }, { image: 'example/app:1', oom_score_adj: 100 }],
  invalid: [
    { service: { image: 'example/app:1', oom_kill_disable: true }, findings: [{ path: ['oom_kill_disable'], messageIncludes: 'without a memory limit', severity: 'high' }] },
    { service: { image: 'example/app:1', oom_kill_disable: true, mem_limit: '1g' }, findings: [{ path: ['oom_kill_disable'], messageIncludes: 'OOM killer disabled', severity: 'medium' }] },
    { service: { image: 'example/app:1', oom_score_adj: -500 }, findings: [{ path: ['oom_score_adj'], messageIncludes: '-500' }] },
  ],
  fixes: [
    { name: 'report unless opted in', service: { image: 'example/app:1', oom_kill_disable: true }, after: { image: 'example/app:1', oom_kill_disable: true } },
    { name: 'opt-in removes both', service: { image: 'example/app:1', oom_kill_disable: true, oom_score_adj: -10 }, policy: { fix: ['CH305'] }, after: { image: 'example/app:1' } },
  ],
});
