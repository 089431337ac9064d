import { rule } from '../../src/rules/ch106-root-group.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'example/app:1', user: '1000:1000' },
    { image: 'example/app:1', user: 'root' }, // CH101's business
    { image: 'example/app:1', group_add: ['video', '44'] },
    { name: 'image built for group 0 (KB)', service: { image: 'grafana/grafana:11', user: '472:0' } },
  ],
  invalid: [
    { service: { image: 'example/app:1', user: '1000:0' }, findings: [{ path: ['user'], messageIncludes: 'primary group root' }] },
    { service: { image: 'example/app:1', user: 'app:root' }, findings: [{ path: ['user'], messageIncludes: 'primary group root' }] },
    {
      service: { image: 'example/app:1', group_add: ['video', 'docker', 'adm'] },
      findings: [
        { path: ['group_add', 1], messageIncludes: 'docker', severity: 'medium' },
        { path: ['group_add', 2], messageIncludes: 'adm', severity: 'low' },
      ],
    },
    { name: 'numeric docker gid from policy', service: { image: 'example/app:1', group_add: [998] }, policy: { dockerGid: 998 }, findings: [{ path: ['group_add', 0], messageIncludes: 'docker', severity: 'medium' }] },
  ],
  fixes: [
    { name: "the image's own group (KB)", service: { image: 'postgres:16', user: '999:0' }, after: { image: 'postgres:16', user: '999:999' } },
    { name: 'unknown image: left alone', service: { image: 'example/app:1', user: '1000:0' }, after: { image: 'example/app:1', user: '1000:0' }, clears: false },
    { name: 'group_add removal needs opt-in', service: { image: 'example/app:1', group_add: ['docker', 'video'] }, after: { image: 'example/app:1', group_add: ['docker', 'video'] } },
    { name: 'group_add removal opt-in', service: { image: 'example/app:1', group_add: ['docker', 'video'] }, policy: { fix: ['CH106'] }, after: { image: 'example/app:1', group_add: ['video'] } },
  ],
});
