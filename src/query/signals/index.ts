export { createSignalsApiHandler } from './handler.js';
export type { SignalsApiOptions } from './handler.js';
export { seriesOf, quantileOf } from './series.js';
export type { Series, Stat } from './series.js';
