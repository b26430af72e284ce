// The Zoho limits the planner enforces, taken from the one place the project records Zoho facts
// (src/constants/zoho.ts) rather than copied, so the planner, client and emulator cannot drift.
// The only import from outside core: plain constants, no behaviour.
export {
  MAX_IDS_PER_FEATURE_INFO,
  MAX_IDS_PER_GET_RECORDS,
  MAX_RECORDS_PER_WRITE,
  MAX_TERRITORIES_PER_RECORD,
} from '../constants/zoho.js';
