// The order of the variants in each round of a throughput benchmark. Running A B C then C B A leaves a
// bias: A is always preceded by A (or by nothing) while B follows C every other round, and a run pays for
// some of the garbage and the cache state the run before it left (measured on 2026-12-02: client.fetch(),
// always in the middle, came out at 0.905 x bare fetch() that way, and at 1.018 x in a run that shuffled
// the order of each round). So the rounds go through every permutation in turn: each variant runs in each
// position, after each other variant, equally often.

/** The order of round `index` (0-based) for `group`: the permutations of `group`, one after the other. */
function roundOrder(group, index) {
  const all = permutations(group);
  return all[index % all.length];
}

/**
 * Runs `count` rounds of `group`, each in its `roundOrder`: `runOne(name, round)` measures one variant
 * once (round numbered from 1) and returns its result. Returns, per variant, its results in round order,
 * so results of the same index were measured side by side.
 */
export async function runRounds(group, count, runOne) {
  const runs = Object.fromEntries(group.map((name) => [name, []]));
  for (let i = 0; i < count; i++)
    for (const name of roundOrder(group, i)) runs[name].push(await runOne(name, i + 1));
  return runs;
}

function permutations(items) {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}
