/**
 * The heavy tier (`npm run test:heavy`; .ci/run runs it after `npm test`): the instances the
 * manifest marks `"tier": "heavy"`, each too slow for the fast suite (a million states or more,
 * up to tens of seconds each), checked against their facts in models/manifest.json.
 */
import { describe, it } from 'vitest';
import { models } from '../../models/index.ts';
import { expectAtDefaults, expectPinned, pinsIn } from '../models/pins.ts';

describe.each(models.filter((m) => m.expect.tier === 'heavy').map((m) => [m.name, m] as const))('%s', (_name, def) => {
  it('at its defaults, gives what the manifest says', () => expectAtDefaults(def));
});

describe.each(pinsIn(models, 'heavy'))('%s pinned at %s', (_name, _ps, def, p) => {
  it('gives the pinned verdict and state count', () => expectPinned(def, p));
});
