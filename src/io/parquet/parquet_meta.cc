// Field ids follow parquet.thrift (Apache Parquet format specification). Unknown fields are
// skipped, so files from newer writers decode.
#include "io/parquet/parquet_meta.h"

#include "io/parquet/thrift_compact.h"

namespace saring::parquet {
namespace {

// Calls on_field(id, type) for each field of the struct at the reader's position; on_field must
// consume the value (or Skip it). Returns false on a malformed struct.
template <typename F>
bool ReadStruct(ThriftReader& r, F&& on_field) {
  if (!r.Enter()) return false;
  int16_t last = 0, id = 0;
  uint8_t type = 0;
  while (r.NextField(&last, &id, &type)) on_field(id, type);
  r.Leave();
  return r.ok();
}

// Reads a list of structs, calling on_elem(index) for each (positioned at the element).
template <typename F>
bool ReadStructList(ThriftReader& r, uint8_t type, F&& on_elem) {
  uint8_t elem = 0;
  uint32_t n = 0;
  if (type != kTList || !r.ReadListHeader(&elem, &n)) {
    r.Skip(type);
    return false;
  }
  if (elem != kTStruct) {
    r.Fail();
    return false;
  }
  for (uint32_t i = 0; i < n && r.ok(); ++i) on_elem(i);
  return r.ok();
}

Meaning MeaningOfLogical(ThriftReader& r, int32_t* scale) {
  Meaning m = Meaning::kNone;
  ReadStruct(r, [&](int16_t id, uint8_t type) {
    if (type != kTStruct) {
      r.Skip(type);
      return;
    }
    switch (id) {
      case 1:
      case 4: m = Meaning::kString; break;
      case 2: m = Meaning::kMap; break;
      case 3: m = Meaning::kList; break;
      case 5: m = Meaning::kDecimal; break;
      case 6: m = Meaning::kDate; break;
      case 12: m = Meaning::kJson; break;
      case 14: m = Meaning::kUuid; break;
      default: break;
    }
    if (id == 5) {  // DecimalType {1: scale, 2: precision}
      ReadStruct(r, [&](int16_t f, uint8_t t) {
        if (f == 1 && t == kTI32) *scale = r.ReadI32();
        else r.Skip(t);
      });
    } else if (id ==
               8) {  // TimestampType {1: isAdjustedToUTC, 2: unit {1 MILLIS, 2 MICROS, 3 NANOS}}
      ReadStruct(r, [&](int16_t f, uint8_t t) {
        if (f != 2 || t != kTStruct) {
          r.Skip(t);
          return;
        }
        ReadStruct(r, [&](int16_t u, uint8_t ut) {
          if (u == 1) m = Meaning::kTimestampMillis;
          if (u == 2) m = Meaning::kTimestampMicros;
          if (u == 3) m = Meaning::kTimestampNanos;
          r.Skip(ut);
        });
      });
    } else if (id == 10) {  // IntType {1: bitWidth, 2: isSigned}
      ReadStruct(r, [&](int16_t f, uint8_t t) {
        if (f == 2 && t == kTFalse) m = Meaning::kUnsigned;
        r.Skip(t);
      });
    } else {
      r.Skip(type);
    }
  });
  return m;
}

Meaning MeaningOfConverted(int32_t c) {
  switch (c) {
    case kConvUtf8:
    case kConvEnum: return Meaning::kString;
    case kConvMap:
    case kConvMapKeyValue: return Meaning::kMap;
    case kConvList: return Meaning::kList;
    case kConvDecimal: return Meaning::kDecimal;
    case kConvDate: return Meaning::kDate;
    case kConvTimestampMillis: return Meaning::kTimestampMillis;
    case kConvTimestampMicros: return Meaning::kTimestampMicros;
    case kConvUint8:
    case kConvUint16:
    case kConvUint32:
    case kConvUint64: return Meaning::kUnsigned;
    case kConvJson: return Meaning::kJson;
    default: return Meaning::kNone;
  }
}

void ReadSchemaElement(ThriftReader& r, SchemaElement* e) {
  Meaning converted = Meaning::kNone, logical = Meaning::kNone;
  ReadStruct(r, [&](int16_t id, uint8_t type) {
    if (id == 1 && type == kTI32) e->type = r.ReadI32();
    else if (id == 2 && type == kTI32) e->type_length = r.ReadI32();
    else if (id == 3 && type == kTI32) e->repetition = r.ReadI32();
    else if (id == 4 && type == kTBinary) e->name = std::string(r.ReadBinary());
    else if (id == 5 && type == kTI32) e->num_children = r.ReadI32();
    else if (id == 6 && type == kTI32) converted = MeaningOfConverted(r.ReadI32());
    else if (id == 7 && type == kTI32) e->scale = r.ReadI32();
    else if (id == 10 && type == kTStruct) logical = MeaningOfLogical(r, &e->scale);
    else r.Skip(type);
  });
  e->meaning = logical != Meaning::kNone ? logical : converted;
}

void ReadColumnMeta(ThriftReader& r, ColumnChunkMeta* c) {
  c->has_meta = true;
  ReadStruct(r, [&](int16_t id, uint8_t type) {
    if (id == 1 && type == kTI32) c->type = r.ReadI32();
    else if (id == 4 && type == kTI32) c->codec = r.ReadI32();
    else if (id == 5 && type == kTI64) c->num_values = r.ReadInt();
    else if (id == 6 && type == kTI64) c->total_uncompressed_size = r.ReadInt();
    else if (id == 7 && type == kTI64) c->total_compressed_size = r.ReadInt();
    else if (id == 9 && type == kTI64) c->data_page_offset = r.ReadInt();
    else if (id == 11 && type == kTI64) c->dictionary_page_offset = r.ReadInt();
    else r.Skip(type);
  });
}

void ReadRowGroup(ThriftReader& r, RowGroupMeta* g) {
  ReadStruct(r, [&](int16_t id, uint8_t type) {
    if (id == 1) {
      ReadStructList(r, type, [&](uint32_t) {
        ColumnChunkMeta& c = g->columns.emplace_back();
        ReadStruct(r, [&](int16_t f, uint8_t t) {
          if (f == 3 && t == kTStruct) ReadColumnMeta(r, &c);
          else r.Skip(t);
        });
      });
    } else if (id == 2 && type == kTI64) {
      g->total_byte_size = r.ReadInt();
    } else if (id == 3 && type == kTI64) {
      g->num_rows = r.ReadInt();
    } else {
      r.Skip(type);
    }
  });
}

}  // namespace

bool DecodeFileMeta(const uint8_t* data, size_t size, FileMeta* out) {
  ThriftReader r(data, size);
  bool has_schema = false, has_groups = false;
  ReadStruct(r, [&](int16_t id, uint8_t type) {
    if (id == 2) {
      has_schema = ReadStructList(
          r, type, [&](uint32_t) { ReadSchemaElement(r, &out->schema.emplace_back()); });
    } else if (id == 3 && type == kTI64) {
      out->num_rows = r.ReadInt();
    } else if (id == 4) {
      has_groups = ReadStructList(
          r, type, [&](uint32_t) { ReadRowGroup(r, &out->row_groups.emplace_back()); });
    } else if (id == 5) {  // key_value_metadata: list<KeyValue {1: key, 2: value}>
      ReadStructList(r, type, [&](uint32_t) {
        auto& kv = out->key_value.emplace_back();
        ReadStruct(r, [&](int16_t f, uint8_t t) {
          if (f == 1 && t == kTBinary) kv.first = std::string(r.ReadBinary());
          else if (f == 2 && t == kTBinary) kv.second = std::string(r.ReadBinary());
          else r.Skip(t);
        });
      });
    } else {
      r.Skip(type);
    }
  });
  return r.ok() && has_schema && has_groups;
}

bool DecodePageHeader(const uint8_t* data, size_t size, PageHeader* out, size_t* header_bytes) {
  ThriftReader r(data, size);
  ReadStruct(r, [&](int16_t id, uint8_t type) {
    if (id == 1 && type == kTI32) out->type = r.ReadI32();
    else if (id == 2 && type == kTI32) out->uncompressed_size = r.ReadI32();
    else if (id == 3 && type == kTI32) out->compressed_size = r.ReadI32();
    else if ((id == 5 || id == 7) && type == kTStruct) {
      // DataPageHeader and DictionaryPageHeader both begin {1: num_values, 2: encoding}.
      (id == 5 ? out->has_v1 : out->has_dict) = true;
      ReadStruct(r, [&](int16_t f, uint8_t t) {
        if (f == 1 && t == kTI32) out->num_values = r.ReadI32();
        else if (f == 2 && t == kTI32) out->encoding = r.ReadI32();
        else r.Skip(t);
      });
    } else if (id == 8 && type == kTStruct) {
      out->has_v2 = true;
      ReadStruct(r, [&](int16_t f, uint8_t t) {
        if (f == 1 && t == kTI32) out->num_values = r.ReadI32();
        else if (f == 3 && t == kTI32) out->num_rows = r.ReadI32();
        else if (f == 4 && t == kTI32) out->encoding = r.ReadI32();
        else if (f == 5 && t == kTI32) out->def_levels_bytes = r.ReadI32();
        else if (f == 6 && t == kTI32) out->rep_levels_bytes = r.ReadI32();
        else if (f == 7 && (t == kTTrue || t == kTFalse)) out->is_compressed = r.ReadBool(t);
        else r.Skip(t);
      });
    } else {
      r.Skip(type);
    }
  });
  *header_bytes = r.consumed();
  return r.ok();
}

void EncodePageHeader(const PageHeader& h, std::string* out) {
  ThriftWriter w(out);
  w.FieldI32(1, h.type);
  w.FieldI32(2, h.uncompressed_size);
  w.FieldI32(3, h.compressed_size);
  if (h.type == kDataPage) {
    w.FieldStructBegin(5);
    w.FieldI32(1, h.num_values);
    w.FieldI32(2, h.encoding);
    w.FieldI32(3, kRle);
    w.FieldI32(4, kRle);
    w.StructEnd();
  } else if (h.type == kDictionaryPage) {
    w.FieldStructBegin(7);
    w.FieldI32(1, h.num_values);
    w.FieldI32(2, h.encoding);
    w.StructEnd();
  }
  w.StructEnd();
}

void EncodeFileMeta(const FileMeta& meta, std::string* out) {
  ThriftWriter w(out);
  w.FieldI32(1, 1);  // version
  w.FieldListBegin(2, kTStruct, static_cast<uint32_t>(meta.schema.size()));
  for (const SchemaElement& e : meta.schema) {
    w.StructBegin();
    if (e.type >= 0) w.FieldI32(1, e.type);
    if (&e != &meta.schema.front()) w.FieldI32(3, e.repetition);  // the root has none
    w.FieldBinary(4, e.name);
    if (e.num_children > 0) w.FieldI32(5, e.num_children);
    if (e.meaning == Meaning::kString) w.FieldI32(6, kConvUtf8);
    if (e.meaning == Meaning::kJson) w.FieldI32(6, kConvJson);
    if (e.meaning == Meaning::kString || e.meaning == Meaning::kJson) {
      w.FieldStructBegin(10);
      w.FieldStructBegin(e.meaning == Meaning::kString ? 1 : 12);
      w.StructEnd();
      w.StructEnd();
    }
    w.StructEnd();
  }
  w.FieldI64(3, meta.num_rows);
  w.FieldListBegin(4, kTStruct, static_cast<uint32_t>(meta.row_groups.size()));
  for (const RowGroupMeta& g : meta.row_groups) {
    w.StructBegin();
    w.FieldListBegin(1, kTStruct, static_cast<uint32_t>(g.columns.size()));
    int64_t compressed = 0;
    for (const ColumnChunkMeta& c : g.columns) {
      compressed += c.total_compressed_size;
      w.StructBegin();
      int64_t first = c.dictionary_page_offset >= 0 ? c.dictionary_page_offset : c.data_page_offset;
      w.FieldI64(2, first);
      w.FieldStructBegin(3);
      w.FieldI32(1, c.type);
      w.FieldListBegin(2, kTI32, static_cast<uint32_t>(c.encodings.size()));
      for (int32_t e : c.encodings) w.ListI32(e);
      w.FieldListBegin(3, kTBinary, static_cast<uint32_t>(c.path.size()));
      for (const std::string& p : c.path) w.Binary(p);
      w.FieldI32(4, c.codec);
      w.FieldI64(5, c.num_values);
      w.FieldI64(6, c.total_uncompressed_size);
      w.FieldI64(7, c.total_compressed_size);
      w.FieldI64(9, c.data_page_offset);
      if (c.dictionary_page_offset >= 0) w.FieldI64(11, c.dictionary_page_offset);
      w.StructEnd();
      w.StructEnd();
    }
    w.FieldI64(2, g.total_byte_size);
    w.FieldI64(3, g.num_rows);
    if (!g.columns.empty()) {
      int64_t first = g.columns[0].dictionary_page_offset >= 0 ? g.columns[0].dictionary_page_offset
                                                               : g.columns[0].data_page_offset;
      w.FieldI64(5, first);
    }
    w.FieldI64(6, compressed);
    w.StructEnd();
  }
  if (!meta.key_value.empty()) {
    w.FieldListBegin(5, kTStruct, static_cast<uint32_t>(meta.key_value.size()));
    for (const auto& [key, value] : meta.key_value) {
      w.StructBegin();
      w.FieldBinary(1, key);
      w.FieldBinary(2, value);
      w.StructEnd();
    }
  }
  if (!meta.created_by.empty()) w.FieldBinary(6, meta.created_by);
  w.StructEnd();
}

}  // namespace saring::parquet
