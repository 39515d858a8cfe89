/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-page-model.h"

#include "rl-book-job.h"

/* Pages kept in memory: enough for a few screens around where the user looks. */
#define MAX_PAGES 24

/* A long list appears a few rows at a time, a step at each frame, up to the rows GTK makes
 * widgets for, then whole: GTK 4.8's list views make a row of widgets for each of some 200
 * items from the top at once, and 1,800 cells took 130 ms in one frame. A step of 16 rows took
 * 5–11 ms, and two steps can fall between two late frames: the steps are of 8 rows. Not at a
 * priority below GDK's redraw: the list then stayed at its first rows on a test's screenshot
 * (frames coming one after the other on a loaded machine, it seems). A screenful is there in
 * three frames. */
#define GROW_FIRST 8
#define GROW_STEP 8
#define GROW_WHOLE_FROM 256
#define GROW_INTERVAL_MS 16

/* A page read fills its rows this many at a time, a frame drawn between two turns: the rows
 * shown are bound again as they fill, 200 rows of 8 cells were most of a frame. */
#define FILL_CHUNK 40

struct _RlRowItem
{
  GObject     parent_instance;
  RlListKind  kind;
  gpointer    row;       /* owned; NULL: a placeholder */
  GArray     *waiters;   /* (element-type Waiter) (nullable): told when the row is read */
};

typedef struct
{
  RlRowItemLoadedFunc  func;
  GObject             *object;   /* owned */
} Waiter;

G_DEFINE_FINAL_TYPE (RlRowItem, rl_row_item, G_TYPE_OBJECT)

typedef struct
{
  GPtrArray *items;   /* (element-type RlRowItem) */
  gboolean   loaded;
  guint64    used;    /* when it was last asked for, to evict the oldest */
} Page;

typedef enum
{
  JOB_COUNT,
  JOB_PAGE,
} JobKind;

typedef struct
{
  RlPageModel *model;   /* owned */
  JobKind      kind;
  guint        generation;
  guint        page;
  guint64      seq;
  RlListQuery  query;
  gint64       count;
  GPtrArray   *rows;
  guint        filled;     /* rows given to their placeholders so far */
  GError      *error;
} Job;

struct _RlPageModel
{
  GObject       parent_instance;
  RlListKind    kind;
  char         *path;
  RlListQuery   query;
  guint         generation;   /* bumped by every new query: older answers are dropped */
  guint         n_items;      /* the rows shown so far … */
  guint         count;        /* … of those counted */
  GSource      *grow_source;  /* adds the next rows counted, or NULL */
  gboolean      loading;
  GHashTable   *pages;        /* page index → Page */
  GPtrArray    *evicted;      /* (element-type Page): freed when the main loop is idle */
  GSource      *free_source;  /* frees them, or NULL */
  guint64       clock;
  GThreadPool  *pool;         /* one worker: the book connection below is its own */
  RlBook       *worker_book;
  gint          worker_generation;   /* atomic: the generation the worker should serve */
  GMainContext *context;      /* where answers are delivered: the model's thread */
};

static void rl_page_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RlPageModel, rl_page_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rl_page_model_list_model_init))

enum
{
  PROP_0,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
waiter_clear (gpointer data)
{
  Waiter *waiter = data;

  g_object_unref (waiter->object);
}

static void
rl_row_item_finalize (GObject *object)
{
  RlRowItem *self = RL_ROW_ITEM (object);

  g_clear_pointer (&self->waiters, g_array_unref);
  if (self->row != NULL)
    {
      if (self->kind == RL_LIST_CUSTOMERS)
        rl_customer_row_free (self->row);
      else
        rl_invoice_row_free (self->row);
    }
  G_OBJECT_CLASS (rl_row_item_parent_class)->finalize (object);
}

static void
rl_row_item_class_init (RlRowItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rl_row_item_finalize;
}

static void
rl_row_item_init (RlRowItem *self)
{
}

static RlRowItem *
row_item_new (RlListKind kind,
              gpointer   row)
{
  RlRowItem *self = g_object_new (RL_TYPE_ROW_ITEM, NULL);

  self->kind = kind;
  self->row = row;
  return self;
}

RlListKind
rl_row_item_get_kind (RlRowItem *self)
{
  g_return_val_if_fail (RL_IS_ROW_ITEM (self), RL_LIST_CUSTOMERS);
  return self->kind;
}

/**
 * rl_row_item_get_row:
 *
 * Returns: (nullable): the #RlCustomerRow or #RlInvoiceRow, %NULL while its page loads
 */
gconstpointer
rl_row_item_get_row (RlRowItem *self)
{
  g_return_val_if_fail (RL_IS_ROW_ITEM (self), NULL);
  return self->row;
}

/* Returns: the customer's or invoice's id, 0 while the page loads. */
gint64
rl_row_item_get_id (RlRowItem *self)
{
  g_return_val_if_fail (RL_IS_ROW_ITEM (self), 0);
  if (self->row == NULL)
    return 0;
  return self->kind == RL_LIST_CUSTOMERS ? ((RlCustomerRow *) self->row)->id
                                         : ((RlInvoiceRow *) self->row)->id;
}

/**
 * rl_row_item_wait:
 * @func: called with @object once the row is read
 * @object: (transfer none): kept until then, or until rl_row_item_unwait()
 *
 * For the cells of a placeholder: cheaper than a signal handler each, which a list showing
 * 200 rows of 8 cells connected and disconnected 1,600 times at each step of a scroll.
 */
void
rl_row_item_wait (RlRowItem           *self,
                  RlRowItemLoadedFunc  func,
                  GObject             *object)
{
  Waiter waiter = { func, g_object_ref (object) };

  g_return_if_fail (RL_IS_ROW_ITEM (self));
  g_return_if_fail (self->row == NULL);

  if (self->waiters == NULL)
    {
      self->waiters = g_array_sized_new (FALSE, FALSE, sizeof (Waiter), 8);
      g_array_set_clear_func (self->waiters, waiter_clear);
    }
  g_array_append_val (self->waiters, waiter);
}

void
rl_row_item_unwait (RlRowItem *self,
                    GObject   *object)
{
  g_return_if_fail (RL_IS_ROW_ITEM (self));

  for (guint i = 0; self->waiters != NULL && i < self->waiters->len; i++)
    if (g_array_index (self->waiters, Waiter, i).object == object)
      {
        g_array_remove_index_fast (self->waiters, i);
        return;
      }
}

static void
row_item_fill (RlRowItem *self,
               gpointer   row)
{
  g_autoptr(GArray) waiters = g_steal_pointer (&self->waiters);

  self->row = row;
  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      Waiter *waiter = &g_array_index (waiters, Waiter, i);

      waiter->func (waiter->object);
    }
}

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

static void
job_free (Job *job)
{
  g_object_unref (job->model);
  rl_list_query_clear (&job->query);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static void
set_loading (RlPageModel *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_n_items (RlPageModel *self,
             guint        n_items)
{
  guint removed = self->n_items;

  if (removed == 0 && n_items == 0)
    return;
  self->n_items = n_items;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, n_items);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
stop_growing (RlPageModel *self)
{
  if (self->grow_source != NULL)
    {
      g_source_destroy (self->grow_source);
      g_clear_pointer (&self->grow_source, g_source_unref);
    }
}

/* One step more of the rows counted; the list is loaded once they are all there. */
static gboolean
grow_cb (gpointer data)
{
  RlPageModel *self = data;
  guint before = self->n_items;
  guint after = self->count;

  if (before + GROW_STEP < GROW_WHOLE_FROM && before + GROW_STEP < self->count)
    after = before + GROW_STEP;
  if (after > before)
    {
      self->n_items = after;
      g_list_model_items_changed (G_LIST_MODEL (self), before, 0, after - before);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  if (after < self->count)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->grow_source, g_source_unref);
  set_loading (self, FALSE);
  return G_SOURCE_REMOVE;
}

static Page *get_page (RlPageModel *self, guint index);

static void
show_count (RlPageModel *self,
            guint        count)
{
  stop_growing (self);
  self->count = count;
  /* The first rows are shown once read: made with their text, not filled in afterwards. */
  if (count > 0 && !get_page (self, 0)->loaded)
    return;
  set_n_items (self, MIN (count, GROW_FIRST));
  if (count <= GROW_FIRST)
    set_loading (self, FALSE);
  else
    {
      self->grow_source = g_timeout_source_new (GROW_INTERVAL_MS);
      g_source_set_callback (self->grow_source, grow_cb, self, NULL);
      g_source_set_static_name (self->grow_source, "[relance] list grows");
      g_source_attach (self->grow_source, self->context);
    }
}

/* Back on the main thread with a count or a page. */
static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;
  RlPageModel *self = job->model;

  if (job->generation != self->generation)
    return G_SOURCE_REMOVE;
  if (job->error != NULL)
    g_warning ("Cannot read the list: %s", job->error->message);
  if (job->kind == JOB_COUNT)
    show_count (self, job->error ? 0 : (guint) CLAMP (job->count, 0, G_MAXUINT));
  else if (job->rows == NULL && job->page == 0 && self->loading && self->n_items == 0
           && self->grow_source == NULL && self->count > 0)
    {
      Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (0));

      /* The first page could not be read: the rows are shown all the same, blank. */
      if (page != NULL)
        page->loaded = TRUE;
      show_count (self, self->count);
    }
  else if (job->rows != NULL)
    {
      Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (job->page));
      guint n;

      if (page == NULL || page->loaded)
        return G_SOURCE_REMOVE;
      /* The placeholders get their rows in place: items-changed would make the views redo
       * their bookkeeping over the whole list, too slow for a frame on a million rows. The
       * book may have changed since the count: rows beyond it are left out. */
      n = MIN (page->items->len, job->rows->len);
      for (guint end = MIN (n, job->filled + FILL_CHUNK); job->filled < end; job->filled++)
        {
          RlRowItem *item = g_ptr_array_index (page->items, job->filled);

          row_item_fill (item, g_steal_pointer (&job->rows->pdata[job->filled]));
        }
      if (job->filled < n)
        {
          /* The rest after the next frame. */
          g_source_set_priority (g_main_current_source (), G_PRIORITY_DEFAULT_IDLE);
          return G_SOURCE_CONTINUE;
        }
      page->loaded = TRUE;
      /* The count waited for the first page (show_count()). */
      if (job->page == 0 && self->loading && self->n_items == 0 && self->grow_source == NULL)
        show_count (self, self->count);
    }
  return G_SOURCE_REMOVE;
}

static void
worker_cb (gpointer data,
           gpointer user_data)
{
  Job *job = data;
  RlPageModel *self = job->model;
  GSource *source;

  rl_book_job_thread_background ();
  /* A stale job still goes back to the main thread: the model is only ever freed there. */
  if (self->worker_book == NULL
      && job->generation == (guint) g_atomic_int_get (&self->worker_generation))
    self->worker_book = rl_book_open (self->path, RL_BOOK_OPEN_DEFAULT, &job->error);
  if (self->worker_book != NULL
      && job->generation == (guint) g_atomic_int_get (&self->worker_generation))
    {
      if (job->kind == JOB_COUNT)
        job->count = self->kind == RL_LIST_CUSTOMERS
                     ? rl_book_count_customer_rows (self->worker_book, &job->query, &job->error)
                     : rl_book_count_invoice_rows (self->worker_book, &job->query, &job->error);
      else
        job->rows = self->kind == RL_LIST_CUSTOMERS
                    ? rl_book_customer_rows (self->worker_book, &job->query,
                                             job->page * RL_PAGE_MODEL_PAGE_SIZE,
                                             RL_PAGE_MODEL_PAGE_SIZE, &job->error)
                    : rl_book_invoice_rows (self->worker_book, &job->query,
                                            job->page * RL_PAGE_MODEL_PAGE_SIZE,
                                            RL_PAGE_MODEL_PAGE_SIZE, &job->error);
    }
  /* Always through a source: g_main_context_invoke() would run the callback right here when
   * no thread owns the context at this moment. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, job_done_cb, job, (GDestroyNotify) job_free);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* The newest request first: the page the user looks at now matters more than the ones
 * scrolled past. */
static gint
job_compare (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const Job *ja = a, *jb = b;

  return ja->seq < jb->seq ? 1 : ja->seq > jb->seq ? -1 : 0;
}

static void
queue_job (RlPageModel *self,
           JobKind      kind,
           guint        page)
{
  Job *job = g_new0 (Job, 1);

  job->model = g_object_ref (self);
  job->kind = kind;
  job->page = page;
  job->generation = self->generation;
  job->seq = ++self->clock;
  rl_list_query_copy (&job->query, &self->query);
  g_thread_pool_push (self->pool, job, NULL);
}

/* A page dropped while scrolling holds 200 rows: freeing them (a sixth of a scroll step, their
 * memory long cold) waits until the frame is drawn. */
static gboolean
free_evicted_cb (gpointer user_data)
{
  RlPageModel *self = user_data;

  if (self->evicted->len > 0)
    g_ptr_array_remove_index (self->evicted, self->evicted->len - 1);
  if (self->evicted->len > 0)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->free_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
evict_pages (RlPageModel *self)
{
  while (g_hash_table_size (self->pages) > MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value, oldest_key = NULL;
      guint64 oldest = G_MAXUINT64;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Page *page = value;

          if (page->used < oldest)
            {
              oldest = page->used;
              oldest_key = key;
            }
        }
      g_ptr_array_add (self->evicted, g_hash_table_lookup (self->pages, oldest_key));
      g_hash_table_steal (self->pages, oldest_key);
      if (self->free_source == NULL)
        {
          self->free_source = g_idle_source_new ();
          g_source_set_priority (self->free_source, G_PRIORITY_LOW);
          g_source_set_callback (self->free_source, free_evicted_cb, self, NULL);
          g_source_attach (self->free_source, self->context);
        }
    }
}

static Page *
get_page (RlPageModel *self,
          guint        index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page == NULL)
    {
      guint start = index * RL_PAGE_MODEL_PAGE_SIZE;
      /* As many as counted: the rows shown may still be growing (show_count()). */
      guint n = MIN (RL_PAGE_MODEL_PAGE_SIZE, MAX (self->count, self->n_items) - start);

      page = g_new0 (Page, 1);
      page->items = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (page->items, row_item_new (self->kind, NULL));
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
      queue_job (self, JOB_PAGE, index);
    }
  page->used = ++self->clock;
  return page;
}

static GType
rl_page_model_get_item_type (GListModel *model)
{
  return RL_TYPE_ROW_ITEM;
}

static guint
rl_page_model_get_n_items (GListModel *model)
{
  return RL_PAGE_MODEL (model)->n_items;
}

static gpointer
rl_page_model_get_item (GListModel *model,
                        guint       position)
{
  RlPageModel *self = RL_PAGE_MODEL (model);
  Page *page;
  gpointer item;

  if (position >= self->n_items)
    return NULL;
  page = get_page (self, position / RL_PAGE_MODEL_PAGE_SIZE);
  item = g_object_ref (g_ptr_array_index (page->items, position % RL_PAGE_MODEL_PAGE_SIZE));
  evict_pages (self);
  return item;
}

static void
rl_page_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rl_page_model_get_item_type;
  iface->get_n_items = rl_page_model_get_n_items;
  iface->get_item = rl_page_model_get_item;
}

static void
rl_page_model_finalize (GObject *object)
{
  RlPageModel *self = RL_PAGE_MODEL (object);

  /* Every job holds a reference: the pool is idle here. */
  g_thread_pool_free (self->pool, TRUE, TRUE);
  stop_growing (self);
  g_clear_object (&self->worker_book);
  g_hash_table_unref (self->pages);
  if (self->free_source != NULL)
    g_source_destroy (self->free_source);
  g_clear_pointer (&self->free_source, g_source_unref);
  g_ptr_array_unref (self->evicted);
  g_main_context_unref (self->context);
  rl_list_query_clear (&self->query);
  g_free (self->path);
  G_OBJECT_CLASS (rl_page_model_parent_class)->finalize (object);
}

static void
rl_page_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RlPageModel *self = RL_PAGE_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_page_model_class_init (RlPageModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rl_page_model_finalize;
  object_class->get_property = rl_page_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rl_page_model_init (RlPageModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->evicted = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  self->context = g_main_context_ref_thread_default ();
  self->pool = g_thread_pool_new (worker_cb, self, 1, FALSE, NULL);
  g_thread_pool_set_sort_function (self->pool, job_compare, NULL);
}

/**
 * rl_page_model_new:
 *
 * Returns: (transfer full): an empty model; set a query to fill it
 */
RlPageModel *
rl_page_model_new (RlListKind  kind,
                   const char *book_path)
{
  RlPageModel *self = g_object_new (RL_TYPE_PAGE_MODEL, NULL);

  self->kind = kind;
  self->path = g_strdup (book_path);
  return self;
}

RlListKind
rl_page_model_get_kind (RlPageModel *self)
{
  return self->kind;
}

const RlListQuery *
rl_page_model_get_query (RlPageModel *self)
{
  return &self->query;
}

/* Forgets every row and counts again: after a new query or a change in the book. */
void
rl_page_model_reload (RlPageModel *self)
{
  g_return_if_fail (RL_IS_PAGE_MODEL (self));

  self->generation++;
  g_atomic_int_set (&self->worker_generation, (gint) self->generation);
  g_hash_table_remove_all (self->pages);
  stop_growing (self);
  set_loading (self, TRUE);
  self->count = 0;
  set_n_items (self, 0);
  queue_job (self, JOB_COUNT, 0);
}

void
rl_page_model_set_query (RlPageModel       *self,
                         const RlListQuery *query)
{
  g_return_if_fail (RL_IS_PAGE_MODEL (self));

  if (self->generation > 0 && rl_list_query_equal (&self->query, query))
    return;
  rl_list_query_clear (&self->query);
  rl_list_query_copy (&self->query, query);
  rl_page_model_reload (self);
}

gboolean
rl_page_model_get_loading (RlPageModel *self)
{
  return self->loading;
}

/* How many rows the query counted (0 until counted): the rows shown may still be growing. */
guint
rl_page_model_get_count (RlPageModel *self)
{
  g_return_val_if_fail (RL_IS_PAGE_MODEL (self), 0);
  return self->count;
}

guint
rl_page_model_get_n_pages_cached (RlPageModel *self)
{
  return g_hash_table_size (self->pages);
}
