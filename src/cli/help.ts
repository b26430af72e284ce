import { emulatorFlagsHelp } from './emulator-flags.js';
import type { CommandName } from './args.js';

const USAGE = `territory-sync — keep Zoho CRM territory assignments in version-controlled YAML.

Usage: territory-sync <command> [options]

Commands:
  validate [FILE...]   Check the desired-state files (schema and Zoho's rules); no API calls.
  plan                 Read the CRM, compare with the YAML and show what apply would change.
  apply [PLAN.json]    Make the CRM match the YAML (or exactly a saved plan).
  show PLAN.json       Show a saved plan (text, markdown or json); offline, no credentials.
  export               Write a territories.yaml from the live CRM.
  doctor               Checks of credentials, scopes and our API assumptions (changes no data).
  emulator             Run the bundled Zoho CRM emulator.
  demo                 Start the emulator, plan and apply territories.yaml, then plan again.
  tree [FILE...]       The territory hierarchy with record counts (text or Mermaid).
  owners [FILE...]     Who reviews which territory (the config's owners); --codeowners.
  why MODULE ID        Where a record is listed, who changed it and when, what apply did.

Global options:
  --config FILE   Use this config file instead of searching for territory-sync.config.*
  --env NAME      Use a named environment from the config (e.g. sandbox, production)
  --no-color      Plain output (also NO_COLOR=1, and always in GitHub Actions)
  -v, --verbose   Show API calls and decisions
  -q, --quiet     Only errors and the final summary
  -h, --help      Show help (territory-sync <command> --help for a command)
  -V, --version   Show the version

Exit codes:
  0  success (with --detailed-exitcode: no changes)
  1  error: invalid input, configuration, credentials, stale plan, API failure
  2  changes present (plan --detailed-exitcode)
  3  refused by a safety guard (mass removal without --allow-mass-removal)
  4  apply finished partially (some records did not converge)

Credentials come only from the environment: ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and
ZOHO_REFRESH_TOKEN, or a short-lived ZOHO_ACCESS_TOKEN.
`;

const COMMAND_HELP: Record<CommandName, string> = {
  validate: `Usage: territory-sync validate [FILE...] [--online]

Checks the desired-state files (default: the config's "desired" setting, else territories.yaml)
against schemas/territories.schema.json and Zoho's rules: at most 10 territories per
Account/Contact/Lead, one per Deal, Leads only with the config's modules: { Leads: true },
no duplicates, well-formed ids and aliases.
Makes no API calls unless --online, which also resolves every territory against the CRM.
Exit 0 when valid, 1 otherwise.
`,
  plan: `Usage: territory-sync plan [FILE...] [--out plan.json] [--format text|markdown|json]
                          [--detailed-exitcode] [--base-ref REF] [--group-by G]

Reads the CRM state of every listed record and shows what apply would change. FILE...
replaces the config's "desired" setting (default territories.yaml).
  --out FILE            Save the plan (JSON) for a later \`apply FILE\`
  --format F            text (default), markdown (for PR comments) or json
  --group-by G          record (default) or territory: each territory path with the
                        records it gains and loses, most changed first (text, markdown)
  --detailed-exitcode   Exit 0 when there are no changes, 2 when there are
  --base-ref REF        Also list records that left the YAML since git REF
`,
  apply: `Usage: territory-sync apply [PLAN.json] [--auto-approve] [--allow-mass-removal] [--no-wait]
                           [--report FILE] [--resume JOURNAL] [--journal FILE]
                           [--expect-plan REVIEWED.json]

Without PLAN.json: plans, shows the plan and asks for confirmation (on a terminal) or needs
--auto-approve. With PLAN.json: applies exactly that plan, batch for batch, after checking the
file (its waves, safety and cost must follow from its changes; its signature when
TERRITORY_SYNC_PLAN_KEY is set), that it was made for this org, and that no touched record
moved since it was made.
  --expect-plan FILE     Plan now, and apply only if this plan makes exactly the changes of the
                         reviewed saved plan FILE (same org); otherwise write nothing and print
                         the difference. Does not prompt: FILE was reviewed.
  --auto-approve         Do not ask (required without a terminal; never prompts in CI)
  --allow-mass-removal   Apply even when removals exceed the safety threshold
  --no-wait              Do not wait for Zoho's jobs: exit 0 once Zoho scheduled every record
                         (not verified; run plan later to confirm). Refused for a plan that
                         updates the selectors' ledger (it records only what Zoho confirmed)
  --report FILE          Write the per-record report as JSON
  --resume JOURNAL       Finish an interrupted apply: wait for its jobs, re-read its records
                         and apply only what is left of its plan
  --journal FILE         Write this apply's journal there (default:
                         .territory-sync/journal-<plan hash>.jsonl, where the newest
                         journalsKept clean ones are kept; keep that folder out of git)

Ctrl-C (SIGINT) or SIGTERM during apply: calls in flight finish, no new ones are sent, what
was sent is verified and reported, exit 4. A second Ctrl-C stops at once.
`,
  show: `Usage: territory-sync show PLAN.json [--format text|markdown|json] [--group-by G]

Renders a saved plan file without credentials or API calls, after the same checks
apply makes of the file: intact, its derived parts agreeing with its changes, and signed when
TERRITORY_SYNC_PLAN_KEY is set. The output names the org the plan is bound to. The reviewers
it names come from this folder's config ("owners"), never from the plan file.
  --format F     text (default), markdown or json
  --group-by G   record (default) or territory: each territory path with the records it
                 gains and loses, most changed first (text, markdown)
`,
  export: `Usage: territory-sync export [--module M ...] [--out FILE [--force]]

Writes a territories.yaml describing the live CRM: each record with manually assigned
territories, listing them and the ones territory rules assigned (named in a "by rules"
comment), so \`plan\` reads the file back as "No changes", without warnings.
  --module M   Accounts, Contacts, Deals, or Leads where the config manages them (repeatable or
               comma-separated; default every module the config manages)
  --out FILE   Write FILE (whole or not at all) instead of stdout
  --force      Replace FILE if it exists (refused otherwise)
`,
  doctor: `Usage: territory-sync doctor

Checks credentials, data centre, scopes, the territory feature per module, and the API
assumptions this tool relies on, with reads, plus one call that cannot change data: whether the
org accepts territory assignment for Leads (an assign for a Lead and a territory that do not
exist; it needs a write scope, else it is skipped). Exit 1 when a check fails.
`,
  emulator: `Usage: territory-sync emulator [options]

Runs the bundled Zoho CRM emulator (the demo org unless --seed is given) until Ctrl-C.
Prints its base URL on the first line and, for the demo org, the \`export\` lines that point
another shell at it (paste them as they are). With --verbose it logs every request (never
tokens).
${emulatorFlagsHelp()}
`,
  tree: `Usage: territory-sync tree [FILE...] [--online] [--format text|mermaid]

Prints the territory hierarchy with the number of listed records each territory holds.
Offline (the default) it reads only the desired files, which name territories by path, alias,
name or id: the hierarchy comes from the path segments (Organization/EMEA/DACH puts DACH under
EMEA), and territories named by name or id are listed apart, their place unknown. With
--online, the hierarchy is the CRM's catalogue and the counts are the listed records' current
territories (reads only; needs credentials).
  --online      Read the catalogue and the listed records' territories from the CRM
  --format F    text (default) or mermaid (a fenced flowchart to paste into GitHub)
`,
  owners: `Usage: territory-sync owners [FILE...] [--codeowners] [--online]

Lists who reviews each territory, from the config's "owners" setting: a territory without an
entry of its own has the owners of its nearest ancestor that has one (the nearest entry wins).
Offline the hierarchy comes from the paths in the desired files and the owners keys; with
--online from the CRM's catalogue (reads only), which also reports entries that name no
territory (exit 1).
  --codeowners  Print a CODEOWNERS block instead: one line per desired file, with the owners
                of the territories it lists (run from the repository's root)
  --online      Place every territory with the CRM's catalogue
`,
  why: `Usage: territory-sync why MODULE ID [--online]

Explains one record: the file and line that list it, the commits that changed that entry
(author, date, subject, pull request; following renames), and the apply journals in
.territory-sync/ that touched it. Offline unless --online, which adds its live territories,
manual or assigned by rules.
  --online      Also read the record's current territories from the CRM
`,
  demo: `Usage: territory-sync demo

Starts the emulator with the demo org on a free port, plans and applies territories.yaml,
plans again to show "No changes", and stops the emulator. This is what \`npm start\` runs.
`,
};

export function helpText(command?: CommandName): string {
  return command ? COMMAND_HELP[command] : USAGE;
}
