import { findMultiLevelToManyAppends, type FieldInfo } from '../to-many-appends';

/** posts: category → categories, comments → comments (to-many), tags → tags (to-many). */
const FIELDS: Record<string, Record<string, FieldInfo>> = {
  posts: {
    category: { type: 'belongsTo', target: 'categories' },
    comments: { type: 'hasMany', target: 'comments' },
    tags: { type: 'belongsToMany', target: 'tags' },
  },
  categories: { posts: { type: 'hasMany', target: 'posts' } },
  comments: { post: { type: 'belongsTo', target: 'posts' } },
  tags: { posts: { type: 'belongsToMany', target: 'posts' } },
};

const lookup = (collection: string, field: string) => FIELDS[collection]?.[field];

describe('warning on multi-level to-many appends', () => {
  it('leaves single-level appends alone, to-many included', () => {
    expect(findMultiLevelToManyAppends('posts', ['category', 'comments', 'tags'], lookup)).toEqual([]);
  });

  it('leaves multi-level to-one chains alone', () => {
    expect(findMultiLevelToManyAppends('comments', ['post.category'], lookup)).toEqual([]);
  });

  it('flags paths that go on past a to-many association', () => {
    const appends = ['comments.post', 'tags.posts', 'category'];

    expect(findMultiLevelToManyAppends('posts', appends, lookup)).toEqual(['comments.post', 'tags.posts']);
  });

  it('flags paths that end in a to-many association below a to-one', () => {
    expect(findMultiLevelToManyAppends('posts', ['category.posts'], lookup)).toEqual(['category.posts']);
  });

  it('ignores unknown fields instead of failing', () => {
    expect(findMultiLevelToManyAppends('posts', ['nothing.here'], lookup)).toEqual([]);
  });
});
