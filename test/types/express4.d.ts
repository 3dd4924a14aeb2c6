// Express 4 is installed for tests under the alias `express4`; its API surface used here matches 5's.
declare module "express4" {
  import express from "express";
  export default express;
}
