import { lazy } from 'react';

/** The charts, loaded on first use: the Fluent chart library stays out of every page's first bundle. */
const charts = () => import('./FluentCharts');
export const Donut = lazy(() => charts().then((m) => ({ default: m.Donut })));
export const Columns = lazy(() => charts().then((m) => ({ default: m.Columns })));
export const Timeline = lazy(() => charts().then((m) => ({ default: m.Timeline })));
export type { Span } from './FluentCharts';
// Bars are drawn in HTML (./Bars): small, and needing none of the chart library.
export { Bars } from './Bars';
export type { Slice } from './slices';
