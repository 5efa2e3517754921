import { Migration } from '@nocobase/server';

/**
 * Apps older than 0.20 stored post-action workflows under the trigger type `form`. The
 * type is otherwise immutable, so the rows are rewritten directly, without model hooks.
 */
export default class FormTriggerToAction extends Migration {
  on = 'afterLoad';

  appVersion = '<0.20.0-alpha.1';

  async up() {
    const workflows = this.db.getModel('workflows');

    await workflows.update(
      { type: 'action' },
      { where: { type: 'form' }, hooks: false, transaction: this.context.transaction },
    );
  }
}
