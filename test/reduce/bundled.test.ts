/** The bundled models under each reduction (test/reduce/bundled-cases.ts): the quick cases. */
import { expect, it } from 'vitest';
import { models } from '../../models/index.ts';
import { SLOW_UNDER_POR, bundledUnderReductions } from './bundled-cases.ts';

bundledUnderReductions('quick');

it('every model left to the heavy tier is a bundled model', () => {
  for (const name of SLOW_UNDER_POR) expect(models.some((m) => m.name === name)).toBe(true);
});
