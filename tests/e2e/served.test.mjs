// The page served over http by scripts/serve.mjs on a random loopback port.
import { defineSuite } from './suite.mjs';

defineSuite('served');
