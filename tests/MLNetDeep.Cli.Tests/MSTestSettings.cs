// Tests within a class run one after another; classes may run in parallel (each test writes its own files in its own folder).
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]
