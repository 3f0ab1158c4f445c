"""The language stage: keyword tables, the grammar's parser (Lark), and shaping parse trees into
declarations. Only compiling imports this package, and with it Lark."""
