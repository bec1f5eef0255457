// Preload (node --require) that makes stdout behave as a closed pipe does on Windows: the first
// write is taken, then the stream reports an error with code EOF (POSIX would say EPIPE), as
// Git Bash and PowerShell do for `atl ... | head`.
'use strict';
const write = process.stdout.write.bind(process.stdout);
let failed = false;
process.stdout.write = (chunk, ...rest) => {
  if (!failed) {
    failed = true;
    process.nextTick(() =>
      process.stdout.emit('error', Object.assign(new Error('write EOF'), { code: 'EOF', errno: -4095, syscall: 'write' })),
    );
  }
  return write(chunk, ...rest);
};
