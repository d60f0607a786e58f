import { configFromEnv } from './config';
import { createAccordServer } from './server';

/** `pnpm start`: runs one server on the embedded SQLite default and prints how to log in. */
async function main(): Promise<void> {
  const config = configFromEnv();
  const server = createAccordServer(config);
  const url = await server.start();
  console.log(`\nAccord is running at ${url}\nData folder: ${config.dataDir}`);
  if (server.demoAccounts.length > 0) {
    console.log('\nDemo accounts (also in DATA_DIR/demo-accounts.json):');
    for (const a of server.demoAccounts) {
      console.log(`  ${a.role.padEnd(11)} ${(a.party ?? '-').padEnd(4)} ${a.email.padEnd(28)} ${a.password}   ${a.name}`);
    }
  }
  console.log('');
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.error('shutdown: signal received');
    server.stop((line) => console.error(line)).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('Accord failed to start:', error);
  process.exit(1);
});
