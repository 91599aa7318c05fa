// The single offline file dist/duban.html opened from file://.
import { defineSuite } from './suite.mjs';

defineSuite('file');
