// libtorch is process-wide (its thread pool, the loaded libraries): the classes run one after another, and each test
// builds its own data, network and generators.
[assembly: DoNotParallelize]
