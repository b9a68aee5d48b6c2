#include "models/hbm/hbm_cost.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>

namespace hesa {

namespace {

uint64_t ceil_div(uint64_t a, uint64_t b) {
  return (a + b - 1) / b;
}

// Offset of a chunk start inside a `unit`: fixed when the stride keeps the alignment, else taken
// as the worst case (unit - 1).
uint64_t base_offset(uint64_t base, uint64_t stride, uint64_t unit) {
  return stride % unit == 0 ? base % unit : unit - 1;
}

struct Rates {
  double half;         // BL / beats per clock: one burst on the data bus
  double tccd;         // column to column
  double act;          // activate to activate (tRRD, tFAW/4)
  double parallelism;  // banks with a row cycle in flight at once
};

// Rotating visits alternate bank groups (tCCD_S, tRRD_S) and keep min(banks, queue) banks busy;
// random visits land in the same group 1 in bank_groups times and on distinct banks as many as
// the controller queue holds distinct ones: banks * (1 - (1 - 1/banks)^queue). A single visit
// stays in one bank: tCCD_L.
Rates rates(const HbmConfig& c, const ChannelWork& w) {
  const DramTiming& t = c.timing;
  Rates r;
  r.half = c.burst_tck();
  const double same_group = 1.0 / c.bank_groups;
  const double banks = c.banks;
  if (w.rotating) {
    r.tccd = w.activations >= 2 ? t.tccd_s : t.tccd_l;
    r.act = t.trrd_s;
    r.parallelism = std::min<double>(c.banks, c.queue_depth);
  } else {
    r.tccd = (1 - same_group) * t.tccd_s + same_group * t.tccd_l;
    r.act = (1 - same_group) * t.trrd_s + same_group * t.trrd_l;
    r.parallelism = banks * (1 - std::pow(1 - 1 / banks, c.queue_depth));
  }
  r.tccd = std::max(r.tccd, r.half);
  r.act = std::max(r.act, t.tfaw / 4.0);
  return r;
}

}  // namespace

// From the first column command on: the data bus needs (bursts - 1) tCCD + BL/beats; activations
// come at most one per tRRD and four per tFAW; a bank is busy max(tRAS, tRCD + its bursts) + tRP
// per activation, `parallelism` banks at a time. The slowest of the three bounds the channel.
ChannelTime channel_time(const HbmConfig& c, const ChannelWork& w) {
  const Rates r = rates(c, w);
  const DramTiming& t = c.timing;
  const double acts = w.activations;
  const double per_visit = acts >= 1 ? w.bursts / acts : w.bursts;
  const double last_visit = std::max(per_visit - 1, 0.0) * r.tccd + r.half;
  ChannelTime out;
  out.data = std::max(w.bursts - 1, 0.0) * r.tccd + r.half;
  out.activate = std::max(acts - 1, 0.0) * r.act + last_visit;
  const double occupancy = std::max<double>(t.tras, t.trcd + per_visit * r.tccd) + t.trp;
  out.bank = std::max(acts - 1, 0.0) * occupancy / r.parallelism + last_visit;
  out.body = std::max({out.data, out.activate, out.bank});
  return out;
}

double isolated_access_ns(const HbmConfig& c, int bursts, bool write) {
  const DramTiming& t = c.timing;
  const double tccd = std::max(double(t.tccd_l), c.burst_tck());
  const double cycles = t.trcd + (write ? t.cwl : t.cl) + (bursts - 1) * tccd + c.burst_tck();
  return c.controller_ns + cycles * c.tck_ns();
}

HbmTimingModel::Divisor::Divisor(uint64_t d) : d_(d), shift_(-1) {
  if (d > 0 && (d & (d - 1)) == 0) {
    shift_ = 0;
    while ((uint64_t{1} << shift_) != d) ++shift_;
  }
}

HbmTimingModel::HbmTimingModel(const HbmConfig& cfg)
    : cfg_(cfg),
      pch_(cfg.pseudo_channels_total()),
      interleave_(cfg.interleave_bytes),
      pchs_(uint64_t(cfg.pseudo_channels_total())),
      row_(cfg.row_bytes),
      burst_(cfg.burst_bytes()),
      banks_(uint64_t(cfg.banks)),
      pow2_(interleave_.shift() >= 0 && pchs_.shift() >= 0 && row_.shift() >= 0 &&
            burst_.shift() >= 0 && banks_.shift() >= 0),
      channels_(size_t(pch_)),
      open_(size_t(pch_) * cfg.banks, -1) {}

double HbmTimingModel::body_tck_search(const ChannelWork& w) {
  const auto same = [&w](const BodyMemo& m) {
    return m.bursts == w.bursts && m.activations == w.activations && m.rotating == w.rotating;
  };
  for (int i = 0; i < kBodyMemos; ++i) {
    if (same(body_memo_[i])) {
      body_last_ = i;
      return body_memo_[i].body;
    }
  }
  body_last_ = body_next_;
  BodyMemo& m = body_memo_[body_next_];
  body_next_ = (body_next_ + 1) % kBodyMemos;
  m = {w.bursts, w.activations, w.rotating, channel_time(cfg_, w).body};
  return m.body;
}

// All-bank refresh at every multiple of tREFI: each one inside [start, end) adds tRFC.
double HbmTimingModel::refreshed_end(double start, double end) {
  const double trefi = cfg_.timing.trefi, trfc = cfg_.timing.trfc;
  if (trefi <= 0) return end;
  // Pseudo-channels free at the same time with the same work repeat the last answer.
  if (start == refresh_memo_.start && end == refresh_memo_.end) {
    totals_.refreshes += refresh_memo_.count;
    return refresh_memo_.shifted;
  }
  const double first = std::floor(start / trefi);
  double shifted = end;
  uint64_t count = 0;
  for (int i = 0; i < 64; ++i) {
    const auto n = static_cast<uint64_t>(std::floor(shifted / trefi) - first);
    if (n == count) break;
    count = n;
    shifted = end + double(count) * trfc;
  }
  totals_.refreshes += count;
  refresh_memo_ = {start, end, shifted, count};
  return shifted;
}

double HbmTimingModel::serve(int p, double now, const ChannelWork& in, int bank, int64_t row,
                             bool write, bool scatter_rows) {
  ChannelWork work = in;
  Channel& ch = channels_[size_t(p)];
  const double start = std::max(now, ch.free_tck);
  const DramTiming& t = cfg_.timing;
  const int64_t open = open_row(p, bank);
  double prefix = 0;
  if (open == row) {
    work.activations = std::max(work.activations - 1, 0.0);  // the first visit hits the open row
  } else {
    prefix = open == -1 ? t.trcd : t.trp + t.trcd;
  }
  const double body = body_tck(work);
  const double issue_end = refreshed_end(start, start + prefix + body);
  ch.free_tck = issue_end;  // the next transfer's commands follow; its data trails by CL
  totals_.bursts += work.bursts;
  totals_.activations += work.activations;
  if (scatter_rows && work.activations >= 1) {
    std::fill_n(open_.begin() + std::ptrdiff_t(p) * cfg_.banks, cfg_.banks, -2);
  }
  return issue_end + (write ? t.cwl : t.cl);
}

double HbmTimingModel::transfer_contiguous(double now, uint64_t base, uint64_t bytes, bool write) {
  const uint64_t I = cfg_.interleave_bytes, P = uint64_t(pch_), row = cfg_.row_bytes;
  const uint64_t bb = cfg_.burst_bytes(), banks = uint64_t(cfg_.banks);
  (void)row, (void)bb;
  const Divisor &di = interleave_, &dp = pchs_, &dr = row_, &db = burst_, &dk = banks_;
  const uint64_t last = base + bytes - 1;
  const uint64_t b0 = di.div(base), b1 = di.div(last);
  const uint64_t touched = std::min(P, b1 - b0 + 1);
  double end = now;
  if (pow2_) return contiguous_pow2(now, base, last, b0, b1, touched, write);
  for (uint64_t j = 0; j < touched; ++j) {
    const uint64_t first_blk = b0 + j;
    const uint64_t last_blk = b1 - dp.mod(b1 - first_blk);
    const int p = static_cast<int>(dp.mod(first_blk));
    const uint64_t local0 = dp.div(first_blk) * I + (j == 0 ? di.mod(base) : 0);
    const uint64_t local1 = dp.div(last_blk) * I + (last_blk == b1 ? di.mod(last) : I - 1);
    const uint64_t page0 = dr.div(local0), page1 = dr.div(local1);
    ChannelWork work;
    work.bursts = double(db.div(local1) - db.div(local0) + 1);
    work.activations = double(page1 - page0 + 1);
    work.rotating = true;
    end = std::max(end,
                   serve(p, now, work, int(dk.mod(page0)), int64_t(dk.div(page0)), write, false));
    int64_t* open = &open_row(p, 0);
    for (uint64_t q = page1 + 1 - std::min(page1 - page0 + 1, banks); q <= page1; ++q) {
      open[dk.mod(q)] = int64_t(dk.div(q));
    }
  }
  return end;
}

// transfer_contiguous when every size of the address map is a power of two: the same steps with
// shifts and masks, serve() inlined (the same arithmetic in the same order).
double HbmTimingModel::contiguous_pow2(double now, uint64_t base, uint64_t last, uint64_t b0,
                                       uint64_t b1, uint64_t touched, bool write) {
  const int sp = pchs_.shift(), sr = row_.shift(), sb = burst_.shift(), sk = banks_.shift();
  const uint64_t I = cfg_.interleave_bytes, P = uint64_t(pch_), banks = uint64_t(cfg_.banks);
  const uint64_t mi = I - 1, mp = P - 1, mk = banks - 1;
  const DramTiming& t = cfg_.timing;
  const double tail = write ? t.cwl : t.cl;
  double end = now;
  // Totals summed here and added once (in the same order as adding them channel by channel).
  double bursts = totals_.bursts, activations = totals_.activations;
  // The channel served last: a channel with the same local range, start and open row ends the
  // same (most channels of a large transfer do), so its result is taken over, refreshes too.
  struct Served {
    bool valid = false;
    uint64_t local0 = 0, local1 = 0;
    double start = 0, issue_end = 0;
    int64_t open_row = 0;
    ChannelWork work;
    uint64_t refreshes = 0;
  } prev;
  for (uint64_t j = 0; j < touched; ++j) {
    const uint64_t first_blk = b0 + j;
    const uint64_t last_blk = b1 - ((b1 - first_blk) & mp);
    const auto p = static_cast<size_t>(first_blk & mp);
    const uint64_t local0 = (first_blk >> sp) * I + (j == 0 ? (base & mi) : 0);
    const uint64_t local1 = (last_blk >> sp) * I + (last_blk == b1 ? (last & mi) : I - 1);
    const uint64_t page0 = local0 >> sr, page1 = local1 >> sr;
    // serve(p, now, work, page0 % banks, page0 / banks, write, false):
    Channel& ch = channels_[p];
    int64_t* open = &open_[p * banks];
    const double start = std::max(now, ch.free_tck);
    const int64_t open_row = open[page0 & mk];
    ChannelWork work;
    double issue_end;
    if (prev.valid && local0 == prev.local0 && local1 == prev.local1 && start == prev.start &&
        open_row == prev.open_row) {
      work = prev.work;
      issue_end = prev.issue_end;
      totals_.refreshes += prev.refreshes;
    } else {
      work.bursts = double((local1 >> sb) - (local0 >> sb) + 1);
      work.activations = double(page1 - page0 + 1);
      work.rotating = true;
      const int64_t row = int64_t(page0 >> sk);
      double prefix = 0;
      if (open_row == row) {
        work.activations = std::max(work.activations - 1, 0.0);
      } else {
        prefix = open_row == -1 ? t.trcd : t.trp + t.trcd;
      }
      const double body = body_tck(work);
      const uint64_t refreshes = totals_.refreshes;
      issue_end = refreshed_end(start, start + prefix + body);
      prev = {true,      local0,   local1, start,
              issue_end, open_row, work,   totals_.refreshes - refreshes};
    }
    ch.free_tck = issue_end;
    bursts += work.bursts;
    activations += work.activations;
    end = std::max(end, issue_end + tail);
    // The last `banks` pages visited leave their rows open: pages q .. page1 map to banks q & mk
    // with rows q >> sk, one row for each run of banks up to the wrap (two constant fills).
    const uint64_t q = page1 + 1 - std::min(page1 - page0 + 1, banks);
    const uint64_t wrap = std::min(page1, q | mk);
    std::fill(open + (q & mk), open + (wrap & mk) + 1, int64_t(q >> sk));
    if (wrap < page1) std::fill(open, open + (page1 & mk) + 1, int64_t(page1 >> sk));
  }
  totals_.bursts = bursts;
  totals_.activations = activations;
  return end;
}

// Strided and gather patterns, from their statistics: the pseudo-channels the chunks reach, the
// bursts per chunk, and the row activations (chunks sharing a page stripe share its activation).
double HbmTimingModel::transfer_spread(double now, const HbmPattern& pat) {
  const uint64_t I = cfg_.interleave_bytes, P = uint64_t(pch_), row = cfg_.row_bytes;
  const uint64_t bb = cfg_.burst_bytes(), banks = uint64_t(cfg_.banks);
  const uint64_t stripe = P * row;  // global bytes mapped to one page index of every channel
  const uint64_t c = pat.chunk_bytes, n = pat.chunks, s = pat.stride_bytes;
  const uint64_t lead = pat.gather ? 0 : base_offset(pat.base, s, bb);
  const double bursts_per_chunk = double(ceil_div(lead + c, bb));
  const uint64_t blocks_per_chunk = ceil_div((pat.gather ? 0 : base_offset(pat.base, s, I)) + c, I);
  const uint64_t u = std::min(P, blocks_per_chunk);
  uint64_t reach = P;
  if (!pat.gather && s % I == 0) {
    const uint64_t step = (s / I) % P;
    reach = step == 0 ? 1 : P / std::gcd(step, P);
  }
  const uint64_t touched = std::min({P, reach * u, n * u});
  double acts = 0;
  if (pat.gather) {
    const double rows_per_bank = double(pat.span_bytes) / double(stripe * banks);
    const double hit = 1.0 / std::max(1.0, rows_per_bank);
    const double distinct_pages = double(ceil_div(pat.span_bytes, row));
    acts = std::max(std::min(double(n * u), distinct_pages), double(n * u) * (1 - hit));
  } else if (s >= stripe) {
    acts = double(n) * double(std::max(u, ceil_div(c, row)));
  } else {
    const uint64_t per_stripe = s == 0 ? n : stripe / s;  // chunks sharing one page stripe
    acts = double(ceil_div(n, per_stripe)) * double(std::min(touched, per_stripe * u));
    acts = std::max(acts, double(ceil_div(n * c, row)));
  }
  ChannelWork work;
  work.bursts = double(n) * bursts_per_chunk / double(touched);
  work.activations = acts / double(touched);
  work.rotating = !pat.gather;
  const uint64_t b0 = pat.base / I;
  const uint64_t page = (b0 / P * I + pat.base % I) / row;
  const uint64_t last_page = ((pat.base + (n - 1) * s) / I / P * I) / row;
  const uint64_t spacing = std::max<uint64_t>(1, P / touched);
  double end = now;
  for (uint64_t j = 0; j < touched; ++j) {
    const int p = static_cast<int>((b0 + j * spacing) % P);
    end = std::max(
        end, serve(p, now, work, int(page % banks), int64_t(page / banks), pat.write, pat.gather));
    if (!pat.gather) open_row(p, int(last_page % banks)) = int64_t(last_page / banks);
  }
  return end;
}

double HbmTimingModel::transfer(double now_ns, const HbmPattern& pat) {
  ++totals_.transfers;
  totals_.bytes += pat.bytes();
  if (pat.bytes() == 0) return now_ns;
  const double now = now_ns / cfg_.tck_ns();
  const bool contiguous = !pat.gather && (pat.chunks == 1 || pat.stride_bytes == pat.chunk_bytes);
  const double end = contiguous ? transfer_contiguous(now, pat.base, pat.bytes(), pat.write)
                                : transfer_spread(now, pat);
  return end * cfg_.tck_ns() + cfg_.controller_ns;
}

AreaLine hbm_area(const HbmConfig& hbm) {
  return {"hbm_phy", hbm.phy_mm2, "all HBM PHYs and controllers"};
}

}  // namespace hesa
