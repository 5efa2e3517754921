/**
 * The page provides these modules at run time (requirejs); @nocobase/client is not
 * published for 2.2, so the few members the client uses are declared here.
 */
declare module '@nocobase/client' {
  export class Plugin {
    app: any;
    pm: any;
    load(): Promise<void>;
  }
}
