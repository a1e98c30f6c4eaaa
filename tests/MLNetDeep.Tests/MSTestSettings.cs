// Tests within a class run one after another; classes may run in parallel (each test builds its own data and generators).
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]
