// Benchmark 8: SIP2 sign-ins (createPatronAuth(sip2()).login) against the SIP2 emulator in its own process.
// A. Throughput and p99 over a pool of 4 logged-in connections vs a new connection (connect, 93 login, 63,
//    35, close) per sign-in, 4 callers each, rounds alternated. Target: the pool at least 3× ahead.
// B. 10,000 sign-ins while the server drops idle connections at random. Target: 0 failed sign-ins, and
//    after closeSip2Connections() 0 connections open at the server and 0 sockets left in this process.
// C. A server that stops answering (every message stalled). Target: every sign-in ends within the answer
//    timeout (+ 100 ms of scheduling slack), and at most 1 connection attempt reaches the server per
//    backoff window.
import { performance } from 'node:perf_hooks';
import { closeSip2Connections, createPatronAuth, sip2 } from '@ils-auth/core';
import { startSip2Process } from './lib/emulator.mjs';
import { finish, median, percentile, round, say, sleep } from './lib/report.mjs';
import { signInsWithIdleDrops } from './lib/sip2-idle-drops-load.mjs';
import { sip2Variants } from './lib/sip2-variants.mjs';

const CALLERS = 4;
const ROUND_MS = 2_500;
const ROUNDS = 3;
const CHURN_SIGN_INS = 10_000;
const CHURN_CALLERS = 8;
const STALL_MS = 12_000;
const STALL_CALLERS = 8;
const ANSWER_MS = 300;
const SLACK_MS = 100;

const server = await startSip2Process({ idleCheckIntervalMs: 5 });
const { patron } = server;
const credentials = { barcode: patron.barcode, pin: patron.pin };
const library = (options = {}) =>
  sip2({ host: server.host, port: server.port, ...server.credentials, ...options });

/** `callers` loops of `signIn` for `ms`: sign-ins per second and their latencies. */
async function closedLoop(callers, ms, signIn) {
  const latencies = [];
  let failed = 0;
  const serverCpu = await server.call('cpu');
  const clientCpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async (_, index) => {
      while (performance.now() - started < ms) {
        const asked = performance.now();
        await signIn(index).catch(() => {
          failed += 1;
        });
        latencies.push(performance.now() - asked);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(clientCpu);
  const cpu = user + system + ((await server.call('cpu')) - serverCpu);
  return { perSecond: latencies.length / seconds, latencies, failed, cpuPerSignIn: cpu / latencies.length };
}

const variants = sip2Variants(library, credentials, CALLERS);

try {
  // A. Pool vs a connection per sign-in.
  const measured = { pooled: [], connectionPerSignIn: [] };
  const ratios = [];
  for (let round_ = 0; round_ < ROUNDS; round_ += 1) {
    const order = round_ % 2 === 0 ? ['pooled', 'connectionPerSignIn'] : ['connectionPerSignIn', 'pooled'];
    const thisRound = {};
    for (const name of order) {
      const variant = variants[name]();
      await variant.signIn(0); // warm: the pool's connections, the JIT
      thisRound[name] = await closedLoop(CALLERS, ROUND_MS, variant.signIn);
      await variant.close();
      measured[name].push(thisRound[name]);
    }
    ratios.push(thisRound.pooled.perSecond / thisRound.connectionPerSignIn.perSecond);
  }
  const summary = (runs) => ({
    perSecond: median(runs.map((run) => run.perSecond)),
    p50: percentile(
      runs.flatMap((run) => run.latencies),
      50,
    ),
    p99: percentile(
      runs.flatMap((run) => run.latencies),
      99,
    ),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
    cpuPerSignIn: median(runs.map((run) => run.cpuPerSignIn)),
  });
  const pooled = summary(measured.pooled);
  const perSignIn = summary(measured.connectionPerSignIn);
  const ratio = median(ratios);
  say(
    `A. pool of ${CALLERS}: ${round(pooled.perSecond)} sign-ins/s, p99 ${round(pooled.p99)} ms; connection per sign-in: ${round(perSignIn.perSecond)}/s, p99 ${round(perSignIn.p99)} ms; ratio ${round(ratio)}×; CPU per sign-in (client + emulator) ${round(pooled.cpuPerSignIn)} µs vs ${round(perSignIn.cpuPerSignIn)} µs`,
  );

  // B. 10,000 sign-ins while the server drops idle connections at random.
  const churn = await signInsWithIdleDrops(server, library, credentials, {
    signIns: CHURN_SIGN_INS,
    callers: CHURN_CALLERS,
  });
  const churnFailed = churn.failed;
  const churnSeconds = churn.seconds;
  const churnErrors = churn.errors;
  const churnFirstError = churn.firstError;
  const droppedReopened = churn.connectionsOpened;
  const serverOpen = churn.serverOpen;
  const clientSockets = churn.clientSockets;
  say(
    `B. ${churn.signIns} sign-ins in ${round(churnSeconds, 1)} s, ${churnFailed} failed; ${droppedReopened} connections opened (server dropped idle ones); after close: ${serverOpen} open at the server, ${clientSockets} sockets in this process`,
  );

  // C. A server that stops answering.
  const stallDescriptor = library({
    poolSize: CALLERS,
    timeouts: { answerMs: ANSWER_MS, connectMs: ANSWER_MS },
  });
  const stallAuth = createPatronAuth(stallDescriptor);
  await stallAuth.login(credentials); // a healthy pool first, as in production before the server hangs
  await server.call('fault', ['stall', { times: 1_000_000 }]);
  const stallStarted = Date.now();
  let firstFailureAt;
  const stall = await closedLoop(STALL_CALLERS, STALL_MS, async () => {
    try {
      await stallAuth.login(credentials);
    } catch (error) {
      firstFailureAt ??= Date.now();
      throw error;
    } finally {
      // A caller that retries at once would spin on the fail-fast refusals and starve this process's timers.
      await sleep(1);
    }
  });
  await server.call('fault', [null]);
  // An attempt at the server: a new connection (its 93 login) or a patron check (63).
  const attempts = (await server.call('requestLog'))
    .filter((entry) => entry.at >= stallStarted && (entry.command === '93' || entry.command === '63'))
    .map((entry) => entry.at);
  await closeSip2Connections(stallDescriptor);
  const afterFailure = attempts.filter((at) => at > (firstFailureAt ?? Number.POSITIVE_INFINITY));
  // Backoff windows are at least 500 ms (half the first step, 1 s); attempts closer together share one.
  const bursts = [];
  for (const at of afterFailure) {
    if (bursts.length > 0 && at - bursts.at(-1).last < 400) {
      bursts.at(-1).count += 1;
      bursts.at(-1).last = at;
    } else bursts.push({ count: 1, last: at });
  }
  const perWindow = bursts.reduce((most, burst) => Math.max(most, burst.count), 0);
  const slowest = stall.latencies.reduce((most, latency) => Math.max(most, latency), 0);
  say(
    `C. ${stall.latencies.length} sign-ins against a silent server in ${STALL_MS / 1000} s: slowest ${round(slowest)} ms (answer timeout ${ANSWER_MS} ms); ${attempts.length} attempts at the server, ${afterFailure.length} after the first failure, in ${bursts.length} windows (${bursts.map((burst) => burst.count).join(', ')})`,
  );

  const targets = {
    ratio: ratio >= 3,
    churn: churnFailed === 0 && serverOpen === 0 && clientSockets === 0,
    failFast: slowest <= ANSWER_MS + SLACK_MS,
    perWindow: perWindow <= 1,
  };
  finish({
    id: 'sip2-pool',
    title: '8. SIP2 sign-ins: pool vs connection per sign-in, idle drops, silent server',
    target: `pool ≥ 3× the sign-ins/s of a connection per sign-in; ${CHURN_SIGN_INS} sign-ins with idle drops: 0 failed, 0 sockets left; silent server: every sign-in within the ${ANSWER_MS} ms answer timeout, ≤ 1 attempt per backoff window`,
    met: Object.values(targets).every(Boolean),
    headline: `pool ${round(ratio, 1)}× (${round(pooled.perSecond)} vs ${round(perSignIn.perSecond)} sign-ins/s); ${churnFailed}/${CHURN_SIGN_INS} failed, ${serverOpen + clientSockets} sockets left; silent server: slowest ${round(slowest)} ms, at most ${perWindow} attempts per backoff window`,
    table: {
      head: ['measure', 'value', 'target', 'met?'],
      rows: [
        ['pool of 4: sign-ins/s (median of rounds)', String(round(pooled.perSecond)), '', ''],
        ['pool of 4: p50 / p99 ms', `${round(pooled.p50, 2)} / ${round(pooled.p99, 2)}`, '', ''],
        ['connection per sign-in: sign-ins/s', String(round(perSignIn.perSecond)), '', ''],
        [
          'connection per sign-in: p50 / p99 ms',
          `${round(perSignIn.p50, 2)} / ${round(perSignIn.p99, 2)}`,
          '',
          '',
        ],
        [
          'CPU µs per sign-in, client + emulator (pool / connection per sign-in; median of rounds)',
          `${round(pooled.cpuPerSignIn)} / ${round(perSignIn.cpuPerSignIn)} (${round(perSignIn.cpuPerSignIn / pooled.cpuPerSignIn, 2)}×)`,
          '',
          '',
        ],
        [
          'pool ÷ connection per sign-in (median of per-round ratios)',
          `${round(ratio, 2)}×`,
          '≥ 3×',
          targets.ratio ? 'met' : 'missed',
        ],
        [
          `idle drops: failed sign-ins of ${CHURN_SIGN_INS}`,
          String(churnFailed),
          '0',
          churnFailed === 0 ? 'met' : 'missed',
        ],
        ['idle drops: connections opened (reconnects)', String(droppedReopened), '', ''],
        [
          'after close: open at the server / sockets in the client',
          `${serverOpen} / ${clientSockets}`,
          '0 / 0',
          serverOpen + clientSockets === 0 ? 'met' : 'missed',
        ],
        [
          'silent server: slowest sign-in ms',
          String(round(slowest)),
          `≤ ${ANSWER_MS} + ${SLACK_MS}`,
          targets.failFast ? 'met' : 'missed',
        ],
        [
          'silent server: attempts at the server after the first failure, most in one backoff window',
          `${afterFailure.length}, at most ${perWindow}`,
          '≤ 1 per window',
          targets.perWindow ? 'met' : 'missed',
        ],
      ],
    },
    notes: [
      `A: ${CALLERS} callers in a closed loop, ${ROUNDS} rounds of ${ROUND_MS / 1000} s per variant, alternated; failures: pool ${pooled.failed}, per sign-in ${perSignIn.failed}. Emulator in its own process (generic flavour, TCP).`,
      `B: ${CHURN_CALLERS} callers over a pool of ${CALLERS}; every 5 ms the server drops each connection idle for the whole interval with probability 0.5; ${round(churn.signIns / churnSeconds)} sign-ins/s.${churnErrors.size ? ` Errors: ${[...churnErrors].map(([code, count]) => `${code} ${count}`).join(', ')}; the first: ${churnFirstError}.` : ''}`,
      `C: ${STALL_CALLERS} callers for ${STALL_MS / 1000} s, every message stalled; answer and connect timeouts ${ANSWER_MS} ms; an attempt at the server is a 93 (a new connection's login) or a 63 it received; attempts after the first refusal less than 400 ms apart count as one backoff window (the shortest window is 500 ms); ${attempts.length - afterFailure.length} attempts were under way when the first refusal came. ${stall.latencies.length} sign-ins, all refused (${stall.failed}).`,
    ],
  });
} finally {
  await server.close();
}
