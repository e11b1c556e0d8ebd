import { Browser as TestBrowser } from '@ils-auth/test-support';

/** Every body the examples answered to a `Browser` since the last `takeReceivedBodies()`. */
const received: string[] = [];

/** The bodies the patrons' browsers received, and forgets them (one example at a time). */
export function takeReceivedBodies(): string[] {
  return received.splice(0);
}

/** The test browser, keeping every body it receives for the leak checks. */
export class Browser extends TestBrowser {
  override async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const response = await super.fetch(url, init);
    received.push(await response.clone().text());
    return response;
  }
}

/** Where a redirect points, made absolute. */
export function location(response: Response, base: string): string {
  const target = response.headers.get('location');
  if (response.status < 300 || response.status > 399 || !target) {
    throw new Error(`expected a redirect, got ${response.status}`);
  }
  return new URL(target, base).href;
}
