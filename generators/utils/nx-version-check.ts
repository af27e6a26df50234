// Injected at the top of every generator bundle by tools/build.mjs: refuse an unsupported Nx before any generator code runs.
import { assertSupportedNx } from './nx-version';

assertSupportedNx();
