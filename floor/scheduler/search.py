"""The round assignment: greedy construction, then ejection-chain local search.

State: `rnd[e]` (round position or -1), `who[p][r]` (the new meeting person p has in round
r, -1 if none; rounds taken by fixed meetings are never in a request's allowed mask),
`busy[p]` (bitmask of rounds where p meets, fixed meetings included), `cnt[r]` and
`members[r]` (new meetings per round; `cap[r]` of them at most).

Every change goes through `_place` / `_remove`, which log it, so a failed attempt is undone
exactly (`_undo_to`). Nothing depends on the clock: the work is bounded by counts, so the
result is the same on any machine (a `stop` event or the caller's deadline only cut a pass
short, which the caller reports).
"""

from __future__ import annotations

from floor.scheduler.instance import Instance


def idle_of(mask: int) -> int:
    """Rounds strictly inside the span of `mask` that are not in it."""
    if not mask:
        return 0
    lo = (mask & -mask).bit_length() - 1
    return mask.bit_length() - lo - bin(mask).count("1")


def bits(mask: int):
    r = 0
    while mask:
        if mask & 1:
            yield r
        mask >>= 1
        r += 1


class Search:
    def __init__(self, inst: Instance):
        self.inst = inst
        R = self.R = inst.R
        P = len(inst.pids)
        E = len(inst.w)
        self.ea, self.eb, self.w, self.allowed, self.cap = (inst.ea, inst.eb, inst.w,
                                                            inst.allowed, inst.cap)
        self.rnd = [-1] * E
        self.who = [[-1] * R for _ in range(P)]
        self.busy = list(inst.fixed_busy)
        self.cnt = [0] * R
        self.members: list[set[int]] = [set() for _ in range(R)]
        self.room = 0  # mask of rounds with a free table
        for r in range(R):
            if inst.cap[r] > 0:
                self.room |= 1 << r
        self.log: list[tuple[int, int, int]] = []  # (op, e, r): op 1 = placed, 0 = removed
        self.value = 0
        self.nodes = 0
        self.reach = [0] * P  # rounds any of a person's requests may use
        for e in range(E):
            if inst.allowed[e]:
                self.reach[inst.ea[e]] |= inst.allowed[e]
                self.reach[inst.eb[e]] |= inst.allowed[e]

    # -- primitive moves ---------------------------------------------------------------
    def _place(self, e: int, r: int) -> None:
        a, b = self.ea[e], self.eb[e]
        self.rnd[e] = r
        self.who[a][r] = e
        self.who[b][r] = e
        bit = 1 << r
        self.busy[a] |= bit
        self.busy[b] |= bit
        self.cnt[r] += 1
        self.members[r].add(e)
        if self.cnt[r] >= self.cap[r]:
            self.room &= ~bit
        self.value += self.w[e]
        self.log.append((1, e, r))

    def _remove(self, e: int) -> None:
        r = self.rnd[e]
        a, b = self.ea[e], self.eb[e]
        self.rnd[e] = -1
        self.who[a][r] = -1
        self.who[b][r] = -1
        bit = 1 << r
        self.busy[a] &= ~bit
        self.busy[b] &= ~bit
        self.cnt[r] -= 1
        self.members[r].discard(e)
        self.room |= bit
        self.value -= self.w[e]
        self.log.append((0, e, r))

    def _undo_to(self, mark: int) -> None:
        log = self.log
        while len(log) > mark:
            op, e, r = log.pop()
            if op == 1:
                self._remove(e)
            else:
                self._place(e, r)
            log.pop()

    # -- choices -------------------------------------------------------------------------
    def _best_round(self, e: int, free: int) -> int:
        """Among the free rounds, the one that adds the fewest idle rounds, then earliest."""
        a, b = self.ea[e], self.eb[e]
        ma, mb = self.busy[a], self.busy[b]
        ia, ib = idle_of(ma), idle_of(mb)
        best, best_key = -1, None
        for r in bits(free):
            bit = 1 << r
            key = (idle_of(ma | bit) - ia + idle_of(mb | bit) - ib, r)
            if best_key is None or key < best_key:
                best, best_key = r, key
        return best

    def hopeless(self, e: int) -> bool:
        """True if e cannot raise the total priority: one of its people already meets in
        every round open to them (so one of their meetings would have to go), and none of
        those meetings is lighter than e."""
        w = self.w[e]
        for p in (self.ea[e], self.eb[e]):
            reach = self.reach[p]
            if self.busy[p] & reach == reach:
                lightest = min((self.w[f] for f in self.who[p] if f >= 0), default=None)
                if lightest is None or lightest >= w:
                    return True
        return False

    def free_rounds(self, e: int) -> int:
        return self.allowed[e] & ~self.busy[self.ea[e]] & ~self.busy[self.eb[e]] & self.room

    # -- construction --------------------------------------------------------------------
    def greedy(self, order: list[int], compact: bool = True) -> None:
        for e in order:
            if self.rnd[e] >= 0:
                continue
            free = self.free_rounds(e)
            if free:
                r = self._best_round(e, free) if compact else (free & -free).bit_length() - 1
                self._place(e, r)

    # -- ejection chains -----------------------------------------------------------------
    def insert(self, e: int, depth: int, banned: int, limit: int) -> bool:
        """Place e, moving other meetings to other rounds as needed (each moved meeting is
        placed again, recursively, up to `depth` levels). All or nothing."""
        self.nodes += 1
        cand = self.allowed[e] & ~banned
        free = cand & ~self.busy[self.ea[e]] & ~self.busy[self.eb[e]] & self.room
        if free:
            self._place(e, self._best_round(e, free))
            return True
        if depth <= 0 or self.nodes > limit:
            return False
        a, b = self.ea[e], self.eb[e]
        wa, wb = self.who[a], self.who[b]
        # rounds ordered by how much must move: fewer conflicts first, lighter first
        options = []
        for r in bits(cand):
            ca, cb = wa[r], wb[r]
            conf = [f for f in ((ca, cb) if ca != cb else (ca,)) if f >= 0]
            table = self.cnt[r] - len(conf) >= self.cap[r]
            options.append((len(conf) + table, sum(self.w[f] for f in conf), r, conf, table))
        options.sort(key=lambda o: (o[0], o[1], o[2]))
        for n_moves, _, r, conf, table in options:
            if self.nodes > limit:
                return False
            mark = len(self.log)
            for f in conf:
                self._remove(f)
            moved = list(conf)
            if table:  # also move one other meeting out of this round
                g = self._table_victim(r, 1 << r)
                if g < 0:
                    self._undo_to(mark)
                    continue
                self._remove(g)
                moved.append(g)
            self._place(e, r)
            ok = True
            for f in moved:  # each may go anywhere but back where it was
                if not self.insert(f, depth - 1, 1 << r, limit):
                    ok = False
                    break
            if ok:
                return True
            self._undo_to(mark)
        return False

    def _table_victim(self, r: int, banned: int) -> int:
        """A meeting of round r that can move straight to another round, or -1."""
        best, best_key = -1, None
        for g in self.members[r]:
            free = (self.allowed[g] & ~banned & ~self.busy[self.ea[g]]
                    & ~self.busy[self.eb[g]] & self.room)
            if free:
                key = (self.w[g], g)
                if best_key is None or key < best_key:
                    best, best_key = g, key
                    if self.w[g] == 1:
                        break
        return best

    def insert_with_loss(self, e: int, depth: int, limit: int) -> bool:
        """Place e in some round, evicting meetings there; those that cannot be placed again
        stay out. Kept only if the total priority goes up."""
        a, b = self.ea[e], self.eb[e]
        before = self.value
        best = None
        for r in bits(self.allowed[e]):
            conf = [f for f in {self.who[a][r], self.who[b][r]} if f >= 0]
            if conf and min(self.w[f] for f in conf) >= self.w[e] and \
                    not any(self.free_rounds(f) for f in conf) and depth <= 1:
                continue
            mark = len(self.log)
            for f in conf:
                self._remove(f)
            moved = sorted(conf, key=lambda f: (-self.w[f], f))
            if self.cnt[r] >= self.cap[r]:
                g = self._table_victim(r, 1 << r)
                if g < 0 and self.members[r]:  # drop the lightest meeting of the round
                    g = min(self.members[r], key=lambda x: (self.w[x], x))
                if g < 0:
                    self._undo_to(mark)
                    continue
                self._remove(g)
                moved.append(g)
            self._place(e, r)
            for f in moved:
                self.insert(f, depth - 1, 1 << r, limit)
            gain = self.value - before
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, self.log[mark:])
            self._undo_to(mark)
        if best is None:
            return False
        for op, f, r in best[1]:  # replay the best attempt
            if op == 1:
                self._place(f, r)
            else:
                self._remove(f)
        return True

    # -- idle rounds ---------------------------------------------------------------------
    def kempe(self, e: int, g: int, max_size: int = 40):
        """The meetings that swap rounds if e's round r and round g are exchanged along the
        alternating chain through e (a Kempe chain): (moves, delta idle), or None if some
        meeting of the chain may not take the other round, a table count would overflow,
        or the chain is longer than `max_size`."""
        r = self.rnd[e]
        if r == g or r < 0:
            return None
        bit_r, bit_g = 1 << r, 1 << g
        both = bit_r | bit_g
        chain = {e}
        todo = [e]
        persons = set()
        while todo:
            f = todo.pop()
            for p in (self.ea[f], self.eb[f]):
                if p in persons:
                    continue
                persons.add(p)
                for h in (self.who[p][r], self.who[p][g]):
                    if h >= 0 and h not in chain:
                        chain.add(h)
                        todo.append(h)
                        if len(chain) > max_size:
                            return None
        to_g = to_r = 0
        for f in chain:
            if self.rnd[f] == r:
                if not self.allowed[f] & bit_g:
                    return None
                to_g += 1
            else:
                if not self.allowed[f] & bit_r:
                    return None
                to_r += 1
        if self.cnt[g] + to_g - to_r > self.cap[g] or self.cnt[r] + to_r - to_g > self.cap[r]:
            return None
        delta = 0
        for p in persons:
            m = self.busy[p]
            has = m & both
            if has == both or not has:
                continue
            delta += idle_of(m ^ both) - idle_of(m)
        return chain, delta

    def move_chain(self, chain, r: int, g: int) -> None:
        moves = [(f, self.rnd[f]) for f in sorted(chain)]
        for f, _ in moves:
            self._remove(f)
        for f, fr in moves:
            self._place(f, g if fr == r else r)

    def reduce_idle(self, max_rounds: int = 20, budget: int = 2_000_000) -> int:
        """Swap Kempe chains between two rounds while that lowers the idle rounds.
        Returns the number of chains swapped."""
        swapped = 0
        work = 0
        R = self.R
        for _ in range(max_rounds):
            changed = False
            for p in range(len(self.busy)):
                m = self.busy[p]
                if not idle_of(m):
                    continue
                # p's new meetings at the edges of their span, towards the gaps
                for e in sorted({x for x in self.who[p] if x >= 0}):
                    m = self.busy[p]
                    if not idle_of(m):
                        break
                    r = self.rnd[e]
                    lo = (m & -m).bit_length() - 1
                    hi = m.bit_length() - 1
                    if r != lo and r != hi:
                        continue
                    best = None
                    for g in range(lo + 1, hi):
                        if m >> g & 1:
                            continue
                        work += 1
                        k = self.kempe(e, g)
                        if k is not None and k[1] < 0 and (best is None or k[1] < best[1]):
                            best = (g, k[1], k[0])
                    if best is not None:
                        self.move_chain(best[2], r, best[0])
                        swapped += 1
                        changed = True
                if work > budget:
                    return swapped
            if not changed:
                break
        del R
        return swapped

    # -- Kempe insertion (the edge-colouring step) ----------------------------------------
    def _path(self, p: int, r1: int, r2: int, limit: int):
        """The meetings on the alternating r1/r2 chain that starts at person p (who meets in
        r1 but not in r2), with the people on it; None if longer than `limit`."""
        chain, people = [], [p]
        cur, r, other = p, r1, r2
        while True:
            f = self.who[cur][r]
            if f < 0:
                return chain, people
            chain.append(f)
            if len(chain) > limit:
                return None
            cur = self.eb[f] if self.ea[f] == cur else self.ea[f]
            people.append(cur)
            r, other = other, r

    def kempe_insert(self, e: int, limit: int = 200) -> bool:
        """Place e by swapping rounds along one alternating chain (as in the proof that a
        bipartite graph of degree d has a d-edge-colouring): round x free for a, y free for
        b; swap x/y on the chain from b, then x is free for both."""
        a, b = self.ea[e], self.eb[e]
        allowed = self.allowed[e]
        fa = allowed & ~self.busy[a]
        fb = allowed & ~self.busy[b]
        best = None
        for first, second, fx, fy in ((a, b, fa, fb), (b, a, fb, fa)):
            for x in bits(fx & ~fy):  # free for `first`, `second` meets there
                for y in bits(fy & ~fx):  # free for `second`, `first` meets there
                    got = self._path(second, x, y, limit)
                    if got is None:
                        continue
                    chain, people = got
                    if first in people:
                        continue
                    bx, by = 1 << x, 1 << y
                    n_x = n_y = 0
                    ok = True
                    for f in chain:
                        if self.rnd[f] == x:
                            n_x += 1
                            ok = bool(self.allowed[f] & by)
                        else:
                            n_y += 1
                            ok = bool(self.allowed[f] & bx)
                        if not ok:
                            break
                    if not ok:
                        continue
                    # after the swap round x has n_y - n_x more meetings, then e
                    if self.cnt[x] + n_y - n_x + 1 > self.cap[x] or \
                            self.cnt[y] + n_x - n_y > self.cap[y]:
                        continue
                    if best is None or len(chain) < len(best[0]):
                        best = (chain, x, y)
        if best is None:
            return False
        chain, x, y = best
        self.move_chain(chain, x, y)
        self._place(e, x)
        return True

    # -- plateau walk ----------------------------------------------------------------------
    def swap_in(self, e: int, depth: int, limit: int, tabu: dict[int, int], it: int) -> bool:
        """Place e in the round where the fewest priority is lost, evicting the meetings
        in its way (those that cannot be placed again stay out), if the total does not go
        down and no evicted meeting is tabu. Moves along plateaus of equal value."""
        a, b = self.ea[e], self.eb[e]
        before = self.value
        best = None
        for r in bits(self.allowed[e]):
            conf = [f for f in {self.who[a][r], self.who[b][r]} if f >= 0]
            if any(tabu.get(f, -1) >= it for f in conf):
                continue
            if sum(self.w[f] for f in conf) > self.w[e] + 1:
                continue
            mark = len(self.log)
            for f in sorted(conf):
                self._remove(f)
            if self.cnt[r] >= self.cap[r]:
                self._undo_to(mark)
                continue
            self._place(e, r)
            for f in sorted(conf, key=lambda f: (-self.w[f], f)):
                if not self.kempe_insert(f):
                    self.nodes = 0
                    self.insert(f, depth - 1, 1 << r, limit)
            gain = self.value - before
            if gain >= 0 and (best is None or gain > best[0]):
                best = (gain, self.log[mark:])
            self._undo_to(mark)
        if best is None:
            return False
        for op, f, r in best[1]:
            if op == 1:
                self._place(f, r)
            else:
                self._remove(f)
        return True
