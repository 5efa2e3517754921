import FormTriggerToAction from '../migrations/20240301000000-form-trigger-to-action';
import { createFixture, type Fixture } from './fixture';

describe('migrations', () => {
  let fx: Fixture;

  beforeAll(async () => {
    fx = await createFixture();
  });

  afterAll(async () => {
    await fx?.app.destroy();
  });

  it('turns workflows of the old `form` type into `action` ones, leaving others alone', async () => {
    const model = fx.app.db.getModel('workflows');

    // Rows as an old app left them; without hooks nothing generates ids, so they are given.
    await model.bulkCreate(
      [
        { id: 1001, key: 'old-form', title: 'old', type: 'form', config: { collection: 'posts' }, enabled: false },
        { id: 1002, key: 'collection-event', title: 'other', type: 'collection', config: { collection: 'posts', mode: 1 } },
      ],
      { hooks: false },
    );

    const migration = new FormTriggerToAction({ db: fx.app.db, app: fx.app } as never);

    await migration.up();

    const rows = await model.findAll({ order: [['key', 'ASC']] });

    expect(rows.map((row: any) => [row.get('key'), row.get('type')])).toEqual([
      ['collection-event', 'collection'],
      ['old-form', 'action'],
    ]);
  });
});
