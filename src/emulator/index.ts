// The Zoho CRM emulator: a local server that answers like Zoho CRM's v7 API for everything
// territory-sync and Zoho's own clients touch. Written from Zoho's documentation, apart from
// our client: it shares only src/constants/zoho.ts with it.
export { startEmulator, EMULATOR_DEFAULTS } from './start-emulator.js';
export type {
  EmulatorOptions,
  RunningEmulator,
  EmulatorStateSnapshot,
  SnapshotRecord,
  SnapshotAssignment,
  SnapshotJob,
} from './emulator-types.js';
export type {
  FaultOptions,
  FaultKind,
  FaultRoute,
  ScheduledFault,
  LatencyOption,
} from './fault-injector.js';
export { FAULT_KINDS, FAULT_ROUTES } from './fault-injector.js';
export { faultOptionProblems } from './fault-validate.js';
export type { EmulatorStats } from './stats.js';
export type {
  EmulatorSeed,
  SeedModule,
  SeedRecord,
  SeedTerritory,
  SeedTerritoryRef,
  SeedOAuthClient,
  SeedUser,
} from './seed-types.js';
export { DEMO_SEED, DEMO_OAUTH_CLIENT, DEMO_ORG_ID, DEMO_TERRITORY } from './seeds/demo-seed.js';
export { DEFAULT_ORG_ID } from './org-state.js';
export {
  generateOrg,
  generatedOrgId,
  generatedRecordId,
  generatedTerritoryId,
  type GenerateOrgOptions,
} from './generate-org.js';
export { validateSeed } from './seed-validate.js';
export { readSeedFile } from './seed-file.js';
