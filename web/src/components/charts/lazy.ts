import { lazy } from 'react';

/** The charts, loaded on first use: the Fluent chart library stays out of every page's first bundle. */
const charts = () => import('./FluentCharts');
export const Donut = lazy(() => charts().then((m) => ({ default: m.Donut })));
export const Bars = lazy(() => charts().then((m) => ({ default: m.Bars })));
export const Columns = lazy(() => charts().then((m) => ({ default: m.Columns })));
export const Timeline = lazy(() => charts().then((m) => ({ default: m.Timeline })));
export type { Slice, Span } from './FluentCharts';
