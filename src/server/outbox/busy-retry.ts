/**
 * SQLite allows one writer at a time; with a file database a write that meets another
 * connection's transaction fails at once with SQLITE_BUSY. Other dialects wait on locks
 * themselves, so only that error is retried, a few times, with growing pauses.
 */
export async function retryWhenBusy<T>(write: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isBusyError(error)) {
        throw error;
      }

      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

export function isBusyError(error: unknown): boolean {
  const parts = [error, (error as { parent?: unknown })?.parent, (error as { original?: unknown })?.original];

  return parts.some((part) => {
    const { code, message } = (part ?? {}) as { code?: string; message?: string };

    return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /SQLITE_BUSY|database is locked/.test(message ?? '');
  });
}
