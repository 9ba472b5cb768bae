export * from './finnish-clock.ts';
export * from './finnish-month.ts';
export * from './holidays.ts';
export * from './working-hours.ts';
export * from './format.ts';
