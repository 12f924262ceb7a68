//! The end-to-end suite of the Prime protocol on nitro-devnode: the tests are in `tests/`,
//! deployed and driven with the `prime` library (`prime-cli/`), as `scripts/deploy.sh` does.
