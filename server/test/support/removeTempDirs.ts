import { afterAll } from 'vitest';
import { removeTempDataDirs } from './testServer';

// A setup file: its afterAll is registered first, so with vitest's stacked
// hooks it runs after the test file's own afterAll has stopped its servers.
afterAll(() => removeTempDataDirs());
