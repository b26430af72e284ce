// One key per record across modules: ids are only unique within a module.
import type { ModuleName } from '../core/model.js';

export const recordKey = (module: ModuleName | string, id: string): string => `${module}:${id}`;
