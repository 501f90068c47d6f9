/** The part of better-sqlite3's API the lag store uses (the package ships no types; @types is not a dependency). */
declare module 'better-sqlite3' {
  namespace BetterSqlite3 {
    interface RunResult { changes: number; lastInsertRowid: number | bigint }
    interface Statement<P extends unknown[] = unknown[], R = unknown> {
      run(...params: P): RunResult;
      get(...params: P): R | undefined;
      all(...params: P): R[];
      iterate(...params: P): IterableIterator<R>;
    }
    interface Database {
      prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R>;
      exec(sql: string): Database;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      transaction<A extends unknown[], T>(fn: (...args: A) => T): (...args: A) => T;
      close(): Database;
      readonly open: boolean;
    }
    interface Options { readonly?: boolean; fileMustExist?: boolean; timeout?: number }
  }
  const Database: new (filename: string, options?: BetterSqlite3.Options) => BetterSqlite3.Database;
  export default Database;
  export type { BetterSqlite3 };
}
