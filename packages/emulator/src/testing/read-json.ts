/**
 * Test helper: a response body as loosely typed JSON, so assertions can reach into it field by field.
 * Not exported from the package.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary bodies; the assertions are the types.
export async function readJson(response: Response): Promise<any> {
  return response.json();
}
