import { gatewayCall } from '@ils-auth/core';
import { type AppAuthSystemName, appAuthClient, buildAppAuthProvider } from '../app-auth-systems.js';
import { printResponse } from '../app-client.js';
import { EXIT, type ExitCode, exitCodeForStatus } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { type ParsedValues, stringOption } from '../options.js';
import { requestInit } from '../request-init.js';
import { UsageError } from '../usage-error.js';

/**
 * `ils-auth request <folio|polaris|symphony|alma|evergreen>`: one call through core's client, which attaches
 * the system's credential; for Evergreen with `--service`, one gateway call through core's `gatewayCall`.
 */
export async function appAuthRequest(
  system: AppAuthSystemName,
  targets: readonly string[],
  values: ParsedValues,
  io: CliIo,
): Promise<ExitCode> {
  const service = stringOption(values, 'service');
  if (service !== undefined || values.param !== undefined) {
    if (system !== 'evergreen') throw new UsageError('--service and --param apply to evergreen only');
    return evergreenGatewayRequest(service, targets, values, io);
  }
  const [target, ...extra] = targets;
  if (target === undefined || target === '')
    throw new UsageError('request needs a URL or path (see ils-auth request --help)');
  if (extra.length > 0) throw new UsageError('request takes one URL or path (see ils-auth request --help)');
  const init = requestInit(values);
  const client = appAuthClient(buildAppAuthProvider(system, values, io.env), values);
  const response = await client.fetch(target, init);
  await printResponse(response, io);
  return exitCodeForStatus(response.status);
}

async function evergreenGatewayRequest(
  service: string | undefined,
  targets: readonly string[],
  values: ParsedValues,
  io: CliIo,
): Promise<ExitCode> {
  const method = stringOption(values, 'method');
  if (service === undefined || service === '' || method === undefined || method === '')
    throw new UsageError('a gateway call needs --service and --method (the OpenSRF method)');
  if (targets.length > 0) throw new UsageError('a gateway call (--service) takes no URL or path');
  if (values.data !== undefined || values.header !== undefined)
    throw new UsageError('--data and --header do not apply to a gateway call; give --param');
  const params = (Array.isArray(values.param) ? values.param : []).map((raw) => {
    try {
      return JSON.parse(String(raw)) as unknown;
    } catch {
      throw new UsageError('--param: not valid JSON (a string needs its quotes: --param \'"text"\')');
    }
  });
  const client = appAuthClient(buildAppAuthProvider('evergreen', values, io.env), values);
  const result = await gatewayCall(client, service, method, ...params);
  io.stdout.write(`${JSON.stringify(result ?? null)}\n`);
  return EXIT.ok;
}
