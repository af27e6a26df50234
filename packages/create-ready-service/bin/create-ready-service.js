#!/usr/bin/env node
'use strict';
// Exit explicitly: Nx's workspace helpers can leave handles open after the work is done.
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
