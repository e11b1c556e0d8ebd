/**
 * Sign-in and sign-out events: for audit logs and side effects (Auth.js's `events`). They are awaited,
 * but cannot change or fail the answer: the patron is already signed in (or out) when they run, so an
 * event that throws is reported to `onError` and the request goes on.
 */
export interface SignInEvents<SignInMessage, SignOutMessage> {
  signIn?(message: SignInMessage): unknown;
  signOut?(message: SignOutMessage): unknown;
}

export async function emitEvent<Message>(
  handler: ((message: Message) => unknown) | undefined,
  message: Message,
  onError: (error: unknown) => void,
): Promise<void> {
  if (!handler) return;
  try {
    await handler(message);
  } catch (error) {
    onError(error);
  }
}
