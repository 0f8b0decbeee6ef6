/**
 * A vault worker that throws before it listens (a bad build, a failing import), as
 * test/secured/client.test.ts needs it: the client must reject its calls, not wait for ever.
 */
throw new Error('broken on purpose (a test worker)');
