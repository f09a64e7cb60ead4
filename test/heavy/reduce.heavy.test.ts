/** The bundled models that take more than a few seconds under --por (test/reduce/bundled-cases.ts). */
import { bundledUnderReductions } from '../reduce/bundled-cases.ts';

bundledUnderReductions('slow');
