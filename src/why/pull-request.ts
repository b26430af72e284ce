// The pull request a commit came from, when its subject says so in one of the two forms GitHub
// writes: a squash merge ends with "(#123)", a merge commit starts "Merge pull request #123".
const SQUASHED = /\(#([1-9][0-9]{0,8})\)\s*$/;
const MERGED = /^Merge pull request #([1-9][0-9]{0,8})(?=\s|$)/;

export function pullRequestOf(subject: string): number | undefined {
  const match = SQUASHED.exec(subject) ?? MERGED.exec(subject);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
